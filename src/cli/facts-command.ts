/**
 * `plesio facts --list`: every fact a scan can gather, the commands behind it, the systems it applies
 * to, the plugin it comes from and whether it needs root (so people know what `--sudo` and `--facts` change).
 */
import { factCatalog, type FactInfo, type FactSource } from '../hosts/scan.js';

/**
 * Writes the fact catalog to `out` as a readable list, or as JSON for `--format json`.
 * @example
 * listFacts(process.stdout, 'table');
 */
export function listFacts(out: NodeJS.WritableStream, format: 'table' | 'json', catalog: readonly FactInfo[] = factCatalog): void {
  if (format === 'json') {
    out.write(JSON.stringify(catalog.map((f) => ({ name: f.name, os: f.os, needs_root: f.needsRoot, commands: f.commands, description: f.description, plugins: f.plugins, sources: f.sources.map(sourceJson) })), null, 2) + '\n');
    return;
  }
  const width = Math.max(...catalog.map((f) => f.name.length));
  const lines: string[] = [];
  for (const fact of catalog) {
    lines.push(`${fact.name.padEnd(width)}  ${fact.os.join(', ')}`);
    lines.push(`${''.padEnd(width)}  ${fact.description}`);
    for (const source of fact.sources) {
      lines.push(`${''.padEnd(width)}    ${origin(fact.name, source)}:`);
      for (const command of source.commands) lines.push(`${''.padEnd(width)}      $ ${command.replace(/\n/g, ' ')}`);
    }
  }
  out.write(lines.join('\n') + '\n');
}

/** `linux, from plugin linux, with device; needs root for some commands: ...` */
function origin(name: string, s: FactSource): string {
  const notes = [
    s.fact === name ? '' : `, with ${s.fact}`,
    s.replaces.length === 0 ? '' : `, replaces built-in ${s.replaces.join(', ')}`,
    s.needs.length === 0 ? '' : `, after ${s.needs.join(', ')}`,
    s.optIn ? '; only when named in --facts' : '',
    s.needsRoot ? '; needs root for some commands: allow sudo -n with --sudo' : '',
  ];
  return `${s.os.join(', ')}, from plugin ${s.plugin}${notes.join('')}`;
}

function sourceJson(s: FactSource): Record<string, unknown> {
  return { plugin: s.plugin, fact: s.fact, os: s.os, commands: s.commands, needs_root: s.needsRoot, needs: s.needs, opt_in: s.optIn, replaces: s.replaces, description: s.description };
}
