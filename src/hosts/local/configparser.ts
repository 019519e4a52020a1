/**
 * INI text read as Python's `configparser.ConfigParser()` reads it — the reader Ansible falls back to
 * for a local fact file that is not JSON: `[section]` headers, `key = value` or `key: value` options
 * with lowercased keys, full-line `#`/`;` comments, indented continuation lines, a `[DEFAULT]` section
 * whose options every section inherits, and `%(key)s` / `%%` interpolation when a value is read.
 * Whatever `configparser` refuses while reading (an option before any section, a line without `=` or
 * `:`, a section or option given twice) makes `readConfigParser` return `undefined`; a value it cannot
 * interpolate when read (`50% off`, a missing `%(name)s`) throws `IniInterpolationError`.
 */
import { enforceCap, LIMITS } from '../common/limits.js';

/** A value `configparser` cannot interpolate: a `%` that is not `%%` or `%(name)s`, a missing name, a loop. */
export class IniInterpolationError extends Error {
  constructor(readonly option: string) {
    super(`the value of ${JSON.stringify(option)} cannot be interpolated`);
  }
}


type Section = Map<string, string[]>;

const MAX_DEPTH = 10; // configparser's MAX_INTERPOLATION_DEPTH

/**
 * `%(name)s` and `%%` in `value`, resolved in `options`; `undefined` for what configparser rejects.
 * `budget` bounds the text references may make: ten levels of doubling would otherwise turn a few
 * kilobytes into gigabytes.
 */
function interpolate(value: string, options: ReadonlyMap<string, string>, budget: { left: number }, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '%') {
      out += c;
    } else if (value[i + 1] === '%') {
      out += '%';
      i += 1;
    } else {
      const m = /^%\(([^)]+)\)s/.exec(value.slice(i));
      const referenced = m === null ? undefined : options.get(m[1]!.toLowerCase());
      if (m === null || referenced === undefined) return undefined;
      const resolved = referenced.includes('%') ? interpolate(referenced, options, budget, depth + 1) : referenced;
      if (resolved === undefined) return undefined;
      budget.left -= resolved.length;
      if (budget.left < 0) return undefined;
      out += resolved;
      i += m[0].length - 1;
    }
  }
  return out;
}

/**
 * The sections of INI `text` as `{section: {option: value}}`, as Ansible builds a local fact from
 * `cp.sections()` and `cp.get()`; `undefined` where configparser cannot read it.
 * @example
 * readConfigParser('[location]\ntype=physical\nDatacenter: Bengaluru\n') // => { location: { type: 'physical', datacenter: 'Bengaluru' } }
 */
export function readConfigParser(text: string, parser = 'ini'): Record<string, Record<string, string>> | undefined {
  const defaults: Section = new Map();
  const sections = new Map<string, Section>();
  const seen = new Set<string>();
  let current: Section | undefined;
  let sectionName = '';
  let option: string | undefined;
  let indent = Number.MAX_SAFE_INTEGER;
  for (const line of text.split(/\r?\n/)) {
    const stripped = line.trim();
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = comment ? '' : stripped;
    if (value === '') {
      // An empty line belongs to a multi-line value (trailing ones are dropped at the end).
      if (!comment && current !== undefined && option !== undefined) current.get(option)!.push('');
      continue;
    }
    const level = line.length - line.trimStart().length;
    if (current !== undefined && option !== undefined && level > indent) {
      current.get(option)!.push(value);
      continue;
    }
    indent = level;
    const header = /^\[(.+)\]/.exec(value);
    if (header !== null) {
      sectionName = header[1]!;
      if (sectionName === 'DEFAULT') current = defaults;
      else {
        if (seen.has(sectionName)) return undefined;
        seen.add(sectionName);
        current = new Map();
        sections.set(sectionName, current);
      }
      option = undefined;
      continue;
    }
    const assignment = /^(.*?)\s*[=:]\s*(.*)$/.exec(value);
    if (current === undefined || assignment === null || assignment[1] === '') return undefined;
    option = assignment[1]!.trimEnd().toLowerCase();
    if (seen.has(`${sectionName}\0${option}`)) return undefined;
    seen.add(`${sectionName}\0${option}`);
    current.set(option, [assignment[2]!.trim()]);
  }
  const joined = (section: Section): Map<string, string> => new Map([...section].map(([k, lines]) => [k, lines.join('\n').trimEnd()]));
  const base = joined(defaults);
  // Every section inherits every default: their product is what gets built, so it is what is capped.
  enforceCap(parser, 'inherited INI options', base.size * sections.size, LIMITS.items);
  const budget = { left: 4 * text.length + 65_536 };
  const out: Record<string, Record<string, string>> = {};
  for (const [name, section] of sections) {
    const options = new Map([...base, ...joined(section)]);
    const values: Record<string, string> = {};
    for (const [key, raw] of options) {
      const value = interpolate(raw, options, budget);
      if (value === undefined) throw new IniInterpolationError(key);
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(out, name, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
