/**
 * The pure parser of the `local` fact: splits the framed output of `localFactsCommand` into files, and
 * reads each as the tool that owns its folder would — JSON, YAML, INI or `key=value` lines. A file that
 * cannot be read is an entry under `errors`, named by its path; the other files are kept.
 */
import { ParseError } from '../parse-error.js';
import { LOCAL_FACTS_DIRS, LOCAL_FACTS_LIMITS, type LocalFactsDir } from './command.js';
import { readConfigParser } from './configparser.js';

/** The `local` fact: each tool's facts, and the files that could not be read. */
export interface LocalFacts {
  /** `/etc/plesio/facts.d/<name>.<ext>`, by name without its extension. */
  plesio?: Record<string, unknown>;
  /** `/etc/ansible/facts.d/<name>.fact`, by name without `.fact`, as Ansible's `ansible_local`. */
  ansible?: Record<string, unknown>;
  /** Facter's external facts, every file's keys merged (later files win), as Facter merges them. */
  facter?: Record<string, unknown>;
  /** By file path: why it was not read (`not-run`, `too-large`, `parse`, `exec-failed`...). */
  errors?: Record<string, { code: string; message: string }>;
}

/** Parses YAML text (the `yaml` package's `parse`, loaded only when a YAML file is found). */
export type YamlParser = (text: string) => unknown;

/** One file of the output. */
export interface LocalFactFile {
  readonly dir: LocalFactsDir;
  readonly name: string;
  /** What the host did with it: read, run, or why not. */
  readonly state: 'read' | 'run' | 'not-run' | 'too-large' | 'unreadable' | 'too-many';
  readonly text: string;
  /** Cut at the size limit while it was read. */
  readonly cut: boolean;
  /** An executable's exit status. */
  readonly status: number | undefined;
}

const NAME = 'common.local-facts';
const HEADER = 'plesio-local-facts 1';

/**
 * The files of the framed output, in order.
 * @example
 * localFactFiles('plesio-local-facts 1\nD 0\nF app.json\n|{"tier":"web"}\n') // => [{ name: 'app.json', state: 'read', text: '{"tier":"web"}', ... }]
 */
export function localFactFiles(stdout: string, dirs: readonly LocalFactsDir[] = LOCAL_FACTS_DIRS): LocalFactFile[] {
  const lines = stdout.split('\n');
  if (lines[0] !== HEADER) throw new ParseError(NAME, `expected the line ${JSON.stringify(HEADER)} first`, lines[0]);
  const files: LocalFactFile[] = [];
  let dir: LocalFactsDir | undefined;
  let open: { dir: LocalFactsDir; name: string; state: 'read' | 'run'; body: string[]; cut: boolean; status: number | undefined } | undefined;
  const close = (): void => {
    if (open !== undefined) files.push({ dir: open.dir, name: open.name, state: open.state, text: open.body.join('\n'), cut: open.cut, status: open.status });
    open = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('|')) {
      if (open === undefined) throw new ParseError(NAME, 'a content line outside any file', line);
      open.body.push(line.slice(1));
      continue;
    }
    if (line === '') continue;
    const tag = line[0];
    const rest = line.slice(2);
    if (tag === 'T' && open !== undefined) {
      open.cut = true;
      continue;
    }
    if (tag === 'S' && open?.state === 'run') {
      open.status = /^\d+$/.test(rest) ? Number(rest) : undefined;
      continue;
    }
    close();
    if (tag === 'D') {
      dir = dirs[Number(rest)];
      if (dir === undefined || !/^\d+$/.test(rest)) throw new ParseError(NAME, 'an unknown folder', line);
      continue;
    }
    if (dir === undefined) throw new ParseError(NAME, 'a file before any folder', line);
    if (tag === 'F' || tag === 'X') open = { dir, name: rest, state: tag === 'F' ? 'read' : 'run', body: [], cut: false, status: undefined };
    else if (tag === 'N') files.push(leftOut(dir, rest, 'not-run'));
    else if (tag === 'U') files.push(leftOut(dir, rest, 'unreadable'));
    else if (tag === 'B') files.push({ ...leftOut(dir, rest.replace(/^\d+ /, ''), 'too-large'), text: rest.split(' ')[0]! });
    else if (tag === 'M') files.push(leftOut(dir, '', 'too-many'));
    else throw new ParseError(NAME, 'an unknown line', line);
  }
  close();
  return files;
}

function leftOut(dir: LocalFactsDir, name: string, state: LocalFactFile['state']): LocalFactFile {
  return { dir, name, state, text: '', cut: false, status: undefined };
}

/**
 * The `local` fact from the framed output: every file read by its folder's rules, each failure an
 * entry under `errors`. `yaml` reads YAML files; without it they are errors.
 * @example
 * parseLocalFacts(stdout, (text) => YAML.parse(text)) // => { plesio: { app: { tier: 'web' } } }
 */
export function parseLocalFacts(stdout: string, yaml?: YamlParser, dirs: readonly LocalFactsDir[] = LOCAL_FACTS_DIRS): LocalFacts {
  const out: { plesio: [string, unknown][]; ansible: [string, unknown][]; facter: [string, unknown][]; errors: [string, { code: string; message: string }][] } = { plesio: [], ansible: [], facter: [], errors: [] };
  for (const file of localFactFiles(stdout, dirs)) {
    const path = file.name === '' ? file.dir.path : `${file.dir.path}/${file.name}`;
    const fail = (code: string, message: string): void => void out.errors.push([path, { code, message }]);
    const problem = leftOutReason(file);
    if (problem !== undefined) {
      fail(problem.code, problem.message);
      continue;
    }
    let value: unknown;
    try {
      // Ansible reads an executable's output as it reads a file: JSON, else INI.
      value = file.state === 'run' && file.dir.kind !== 'ansible' ? readOutput(file.text, yaml) : readData(file.name, file.dir.kind, file.text, yaml);
    } catch (error) {
      fail('parse', error instanceof Error ? error.message : String(error));
      continue;
    }
    if (file.dir.kind === 'facter') {
      if (!isObject(value)) {
        fail('parse', 'Facter external facts are an object of facts');
        continue;
      }
      out.facter.push(...Object.entries(value));
      continue;
    }
    // Ansible's name is Python's `basename.replace('.fact', '')`, every `.fact` removed; plesio's is the
    // name without its extension (an executable's too: probe.sh is probe).
    const key = file.dir.kind === 'ansible' ? file.name.replaceAll('.fact', '') : file.name.replace(/(?<=.)\.[^.]*$/, '');
    const list = out[file.dir.kind];
    if (list.some(([k]) => k === key)) fail('duplicate', `another file of ${file.dir.path} is named ${key} too; the first one was kept`);
    else list.push([key, value]);
  }
  // fromEntries defines keys as data, so a file's "__proto__" key stays a key and changes no prototype.
  const result: LocalFacts = {};
  if (out.plesio.length > 0) result.plesio = Object.fromEntries(out.plesio);
  if (out.ansible.length > 0) result.ansible = Object.fromEntries(out.ansible);
  if (out.facter.length > 0) result.facter = Object.fromEntries(out.facter);
  if (out.errors.length > 0) result.errors = Object.fromEntries(out.errors);
  return result;
}

/** Why a file was not read, or undefined when it was. */
function leftOutReason(file: LocalFactFile): { code: string; message: string } | undefined {
  const limit = `${LOCAL_FACTS_LIMITS.fileBytes / 1024} KiB`;
  switch (file.state) {
    case 'not-run':
      return { code: 'not-run', message: 'an executable fact file; plesio runs them only when allowed (--local-facts-exec)' };
    case 'unreadable':
      return { code: 'unreadable', message: 'not readable by the scanning user' };
    case 'too-large':
      return { code: 'too-large', message: `${file.text} bytes, more than the ${limit} a fact file may hold` };
    case 'too-many':
      return { code: 'too-many-files', message: `more than ${LOCAL_FACTS_LIMITS.filesPerDir} fact files; the others were left out` };
    default:
      break;
  }
  if (file.cut) return { code: 'too-large', message: `${file.state === 'run' ? 'its output is' : 'it is'} more than ${limit}; cut, not read` };
  if (file.state === 'run' && file.status !== 0) {
    if (file.status === 124) return { code: 'timeout', message: `did not finish within ${LOCAL_FACTS_LIMITS.execSeconds} s` };
    return { code: 'exec-failed', message: file.status === undefined ? 'ended without an exit status' : `exited with ${file.status}` };
  }
  return undefined;
}

/** A data file, by its folder's rules and its extension. */
function readData(name: string, kind: LocalFactsDir['kind'], text: string, yaml: YamlParser | undefined): unknown {
  if (/\.json$/.test(name)) return JSON.parse(text);
  if (/\.ya?ml$/.test(name)) return readYaml(text, yaml);
  if (/\.ini$/.test(name)) return parseIni(text);
  if (/\.txt$/.test(name)) return parseKeyValue(text);
  // Ansible's *.fact: JSON, else INI as Python's configparser reads it (keys lowercased, [DEFAULT]
  // inherited, %(name)s interpolated), as Ansible's local collector tries them.
  if (kind === 'ansible') {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON: INI, below.
    }
    const sections = readConfigParser(text.trim(), NAME);
    if (sections === undefined) throw new Error('neither JSON nor INI as Python\'s configparser reads it');
    return sections;
  }
  throw new Error(`${name}: not a kind of fact file plesio reads`);
}

/** An executable's output: JSON, else `key=value` lines, else YAML (what Ansible and Facter accept). */
function readOutput(text: string, yaml: YamlParser | undefined): unknown {
  const body = text.replace(/\n$/, '');
  try {
    return JSON.parse(body);
  } catch {
    // Not JSON: try the next form.
  }
  try {
    return parseKeyValue(body);
  } catch {
    return readYaml(body, yaml);
  }
}

function readYaml(text: string, yaml: YamlParser | undefined): unknown {
  if (yaml === undefined) throw new Error('YAML is read only with a YAML parser');
  return yaml(text);
}

/**
 * `key=value` lines, as Facter's `.txt` external facts; blank lines and `#` comments are skipped.
 * @example
 * parseKeyValue('role=web\n# where\ndc=par1\n') // => { role: 'web', dc: 'par1' }
 */
export function parseKeyValue(text: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`line ${i + 1} is not key=value: ${JSON.stringify(line.slice(0, 80))}`);
    entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return Object.fromEntries(entries);
}

/**
 * INI: `[section]` headers and `key = value` (or `key: value`) lines; `;` and `#` start comments. Keys
 * before any section are top-level; values stay strings.
 * @example
 * parseIni('[app]\ntier = web\n') // => { app: { tier: 'web' } }
 */
export function parseIni(text: string): Record<string, unknown> {
  const top: [string, unknown][] = [];
  const sections = new Map<string, [string, string][]>();
  let current: [string, string][] = top as [string, string][];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section !== null) {
      const name = section[1]!.trim();
      current = sections.get(name) ?? [];
      sections.set(name, current);
      continue;
    }
    const sep = /[=:]/.exec(line);
    if (sep === null || sep.index === 0) throw new Error(`line ${i + 1} is neither [section] nor key = value: ${JSON.stringify(line.slice(0, 80))}`);
    current.push([line.slice(0, sep.index).trim(), line.slice(sep.index + 1).trim()]);
  }
  return Object.fromEntries([...top, ...[...sections].map(([name, entries]) => [name, Object.fromEntries(entries)] as [string, unknown])]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the output holds a file only a YAML parser reads (so the parser is loaded only then). */
export function needsYaml(stdout: string): boolean {
  return /^[FX] /m.test(stdout) && (/^F .*\.ya?ml$/m.test(stdout) || /^X /m.test(stdout));
}
