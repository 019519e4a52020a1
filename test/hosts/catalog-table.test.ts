/**
 * README's facts table: generated from the fact catalog (what `plesio facts --list` shows), so it lists
 * every fact with its systems, commands and root. A stale README fails here with the command that
 * rewrites it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factTable, TABLE_END, TABLE_START, withFactTable } from '../../src/hosts/catalog-table.js';
import { factRegistry } from '../../src/hosts/builtins.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { factCatalog } from '../../src/hosts/scan.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README\'s facts table', () => {
  it('is the table the fact catalog gives today', () => {
    const stale = withFactTable(readme, factTable(factCatalog)) !== readme;
    expect(stale, 'README.md\'s facts table is stale: run `npm run readme:facts` and commit README.md').toBe(false);
  });

  it('has a row for every key of every fact, on every system it is gathered on', () => {
    const table = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| fact ') && !l.startsWith('| ---'));
    for (const info of factCatalog) {
      for (const source of info.sources) {
        const row = rows.find((r) => {
          const [facts = '', systems = '', commands = ''] = r.split(' | ');
          return facts.slice(2).split(' (')[0]!.split(', ').includes(info.name) && systems === source.os.join(', ') && commands.startsWith(`${source.plugin}: `);
        });
        expect(row, `${info.name} on ${source.os.join(', ')} (${source.plugin})`).toBeDefined();
        expect(row!.endsWith(source.needsRoot ? '| with --sudo |' : '| no |'), `${info.name}: root`).toBe(true);
      }
    }
  });
});

describe('factTable', () => {
  const acme = definePlugin({
    name: 'acme', version: '1',
    facts: [
      defineFact({ name: 'pipes', os: 'linux', keys: ['pipes_count'], command: 'ls /proc | wc -l', parse: (s) => ({ pipes: s, pipes_count: 1 }) }),
      defineFact({ name: 'ticks', os: 'sunos', optIn: true, needsRoot: true, command: 'echo `date`; ' + 'x'.repeat(80), parse: (s) => s }),
    ],
  });
  const table = factTable(factRegistry([acme]).catalog());
  const row = (start: string) => table.split('\n').find((l) => l.startsWith(start));

  it('puts the keys a fact writes together on one row, escaping the pipes of its commands', () => {
    expect(row('| pipes, pipes_count |')).toBe('| pipes, pipes_count | linux | acme: `ls /proc \\| wc -l` | no |');
  });

  it('marks opt-in facts and root, and cuts long commands, fencing those with backticks', () => {
    expect(row('| ticks ')).toBe(`| ticks (opt-in: \`--facts\`) | sunos | acme: \`\` echo \`date\`; ${'x'.repeat(57)}… \`\` | with --sudo |`);
  });

  it('refuses a README without the markers around the table', () => {
    expect(() => withFactTable('# plesio\n', table)).toThrow(/no facts table between/);
    expect(withFactTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb\n`, 'new')).toBe(`a\n${TABLE_START}\nnew\n${TABLE_END}\nb\n`);
  });
});
