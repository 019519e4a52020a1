/**
 * The plugins a job needs. A job names them — name, version and content hash — and never carries
 * their code: a worker runs a job only with exactly those plugins loaded (`plesio worker --plugin`),
 * and fails it with `plugin-mismatch` otherwise. The built-in plugins are not named: they are part of
 * plesio itself, the same in every worker of one plesio version, and cannot be loaded or left out.
 */
import type { PluginRef } from '../fleet/plugins.js';
import { PlesioError } from '../errors.js';

/** A job's plugins and the worker's differ: the worker would gather other facts than were asked. */
export class PluginMismatchError extends PlesioError {
  constructor(message: string) {
    super('plugin-mismatch', message);
  }
}

const NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const HASH = /^sha256:[0-9a-f]{64}$/;
const MAX_PLUGINS = 64;

/**
 * Checks a job's `options.plugins` and returns the problem, or undefined when it is well formed.
 * @example
 * pluginRefsProblem([{ name: 'acme', version: '1.2.0', hash: 'sha256:…' }]) // => undefined
 */
export function pluginRefsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length > MAX_PLUGINS) return `options.plugins must be a list of at most ${MAX_PLUGINS} { name, version, hash }`;
  const names = new Set<string>();
  for (const [i, ref] of value.entries()) {
    const where = `options.plugins[${i}]`;
    if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return `${where} must be an object { name, version, hash }`;
    const r = ref as Record<string, unknown>;
    const extra = Object.keys(r).find((k) => !['name', 'version', 'hash'].includes(k));
    if (extra !== undefined) return `${where} has an unknown field ${JSON.stringify(extra)}; a job names plugins, it never carries them`;
    if (typeof r['name'] !== 'string' || r['name'].length > 214 || !NAME.test(r['name'])) return `${where}.name must be a plugin name such as acme or @acme/facts`;
    if (typeof r['version'] !== 'string' || !/^\S{1,64}$/.test(r['version'])) return `${where}.version must be a version string such as 1.2.0`;
    if (typeof r['hash'] !== 'string' || !HASH.test(r['hash'])) return `${where}.hash must be sha256: and 64 hexadecimal digits`;
    if (names.has(r['name'])) return `${where} names ${JSON.stringify(r['name'])} twice`;
    names.add(r['name']);
  }
  return undefined;
}

/**
 * Throws `PluginMismatchError` unless the worker has loaded exactly the plugins the job names.
 * @example
 * checkJobPlugins(job.options.plugins ?? [], worker.refs);
 */
export function checkJobPlugins(wanted: readonly PluginRef[], loaded: readonly PluginRef[]): void {
  const show = (r: PluginRef): string => `${r.name}@${r.version} (${r.hash.slice(0, 19)}…)`;
  const missing = wanted.filter((w) => !loaded.some((l) => l.name === w.name));
  const extra = loaded.filter((l) => !wanted.some((w) => w.name === l.name));
  const other = wanted.flatMap((w) => {
    const l = loaded.find((x) => x.name === w.name);
    return l === undefined || (l.version === w.version && l.hash === w.hash) ? [] : [`${show(w)}, this worker has ${show(l)}`];
  });
  const problems = [
    ...(missing.length > 0 ? [`it needs ${missing.map(show).join(', ')}, which this worker has not loaded`] : []),
    ...(other.length > 0 ? [`it needs ${other.join('; ')}`] : []),
    ...(extra.length > 0 ? [`this worker also loads ${extra.map(show).join(', ')}, which the job does not name`] : []),
  ];
  if (problems.length > 0) {
    throw new PluginMismatchError(`the job's plugins differ from this worker's: ${problems.join('; ')}; start workers with the same --plugin files as the scan`);
  }
}
