/**
 * `plesio facts --list`: every fact a scan can gather, the commands behind it, the systems it applies
 * to and whether it needs root (so people know what `--sudo` and `--facts` change).
 */
import { factCatalog, type FactInfo } from '../hosts/scan.js';

/**
 * Writes the fact catalog to `out` as a readable list, or as JSON for `--format json`.
 * @example
 * listFacts(process.stdout, 'table');
 */
export function listFacts(out: NodeJS.WritableStream, format: 'table' | 'json', catalog: readonly FactInfo[] = factCatalog): void {
  if (format === 'json') {
    out.write(JSON.stringify(catalog.map((f) => ({ name: f.name, os: f.os, needs_root: f.needsRoot, commands: f.commands, description: f.description })), null, 2) + '\n');
    return;
  }
  const width = Math.max(...catalog.map((f) => f.name.length));
  const lines: string[] = [];
  for (const fact of catalog) {
    const root = fact.needsRoot ? '  (needs root for some commands: allow sudo -n with --sudo)' : '';
    lines.push(`${fact.name.padEnd(width)}  ${fact.os.join(', ')}${root}`);
    lines.push(`${''.padEnd(width)}  ${fact.description}`);
    for (const command of fact.commands) lines.push(`${''.padEnd(width)}    $ ${command.replace(/\n/g, ' ')}`);
  }
  out.write(lines.join('\n') + '\n');
}
