/**
 * `plesio facts --list`: every fact a scan can gather, the commands behind it, the systems it applies
 * to, the plugin it comes from (with a loaded plugin's version and file) and whether it needs root
 * (so people know what `--sudo` and `--facts` change).
 */
import { factCatalog, type FactInfo, type FactSource } from '../hosts/scan.js';

/** Where a loaded plugin came from, for the listing: its version and its file. */
export interface PluginOrigin {
  readonly version: string;
  readonly file: string;
}

/**
 * Writes the fact catalog to `out` as a readable list, or as JSON for `--format json`. `origins` names
 * the loaded plugins' versions and files (the built-in plugins are not in it).
 * @example
 * listFacts(process.stdout, 'table');
 */
export function listFacts(out: NodeJS.WritableStream, format: 'table' | 'json', catalog: readonly FactInfo[] = factCatalog, origins: ReadonlyMap<string, PluginOrigin> = new Map()): void {
  if (format === 'json') {
    out.write(JSON.stringify(catalog.map((f) => ({ name: f.name, os: f.os, needs_root: f.needsRoot, commands: f.commands, description: f.description, plugins: f.plugins, sources: f.sources.map((s) => sourceJson(s, origins.get(s.plugin))) })), null, 2) + '\n');
    return;
  }
  const width = Math.max(...catalog.map((f) => f.name.length));
  const lines: string[] = [];
  for (const fact of catalog) {
    lines.push(`${fact.name.padEnd(width)}  ${fact.os.join(', ')}`);
    lines.push(`${''.padEnd(width)}  ${fact.description}`);
    for (const source of fact.sources) {
      lines.push(`${''.padEnd(width)}    ${origin(fact.name, source, origins.get(source.plugin))}:`);
      for (const command of source.commands) lines.push(`${''.padEnd(width)}      $ ${command.replace(/\n/g, ' ')}`);
    }
  }
  out.write(lines.join('\n') + '\n');
}

/** `linux, from plugin acme 1.2.0 (/home/me/acme.mjs), replaces built-in common; needs root for some commands: ...` */
function origin(name: string, s: FactSource, loaded: PluginOrigin | undefined): string {
  const notes = [
    s.fact === name ? '' : `, with ${s.fact}`,
    s.replaces.length === 0 ? '' : `, replaces built-in ${s.replaces.join(', ')}`,
    s.needs.length === 0 ? '' : `, after ${s.needs.join(', ')}`,
    s.optIn ? '; only when named in --facts' : '',
    s.needsRoot ? '; needs root for some commands: allow sudo -n with --sudo' : '',
  ];
  return `${s.os.join(', ')}, from plugin ${s.plugin}${loaded === undefined ? '' : ` ${loaded.version} (${loaded.file})`}${notes.join('')}`;
}

function sourceJson(s: FactSource, loaded: PluginOrigin | undefined): Record<string, unknown> {
  return {
    plugin: s.plugin,
    ...(loaded !== undefined && { version: loaded.version, file: loaded.file }),
    fact: s.fact, os: s.os, commands: s.commands, needs_root: s.needsRoot, needs: s.needs, opt_in: s.optIn, replaces: s.replaces, description: s.description,
  };
}
