/**
 * One `grep` over the small files several facts read (DMI strings, link speeds, security modules,
 * release files, resolv.conf...), instead of one command per fact: a scan's round trips and channels
 * are what it costs, not the bytes of a few text files. `grep -s . /dev/null FILES` prints every
 * non-empty line of every readable file as `PATH:LINE` (the extra `/dev/null` makes every grep print
 * the path, even one without `-H`), skips missing and unreadable files silently, and exits non-zero
 * when nothing matched, hence `|| true`.
 *
 * Each fact reads the sweep with the parser it has for its own files' command: `sweptSpec` hands the
 * parser only the lines of those files, either as grep printed them (`PATH:LINE`, for parsers of
 * `grep -s . FILES` output) or as the files' text (for parsers of `cat FILE`). The scan's executor
 * runs the one command once, whichever facts read it.
 */
import type { ParserSpec } from '../fact.js';
import { splitLines } from './text.js';

/** How a fact's parser wants its files' lines: as grep prints them, or as the files hold them. */
export type SweepForm = 'prefixed' | 'content';

/** A grep over a set of files (globs allowed), and parsers of parts of its output. */
export interface FileSweep {
  /** The command: constants only, globs unquoted so the shell expands them. */
  readonly command: string;
  readonly files: readonly string[];
}

// A path or glob of the sweep: absolute, no blank, no quote, no shell metacharacter but `*`.
const FILE = /^\/[A-Za-z0-9_./*@+-]{1,200}$/;

/**
 * The sweep of `files`, in that order.
 * @example
 * const sweep = fileSweep(['/etc/resolv.conf', '/sys/class/net/*\/speed']);
 */
export function fileSweep(files: readonly string[]): FileSweep {
  for (const f of files) if (!FILE.test(f)) throw new TypeError(`not a plain absolute path or glob for a file sweep: ${JSON.stringify(f)}`);
  return Object.freeze({ command: 'grep -s . /dev/null ' + files.join(' ') + ' || true', files: Object.freeze([...files]) });
}

/** A regular expression matching `PATH:` at the start of a line, for a path or glob among `files`. */
function prefixOf(files: readonly string[]): RegExp {
  // `*` stands for one path component without `:`; everything else is literal.
  const alternatives = files.map((f) => f.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/:]*'));
  return new RegExp(`^(?:${alternatives.join('|')}):`);
}

/**
 * The lines of the sweep's output that come from `files` (each listed in the sweep): as printed
 * (`PATH:LINE`) or without the `PATH:` (the files' text, their empty lines left out).
 */
export function sweptLines(stdout: string, files: readonly string[], form: SweepForm): string {
  const prefix = prefixOf(files);
  const out: string[] = [];
  for (const line of splitLines(stdout)) {
    const m = prefix.exec(line);
    if (m !== null) out.push(form === 'prefixed' ? line : line.slice(m[0].length));
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

/**
 * `spec`'s parser reading its files' part of the sweep: the same parser and description, the sweep's
 * command. Every file must be one the sweep reads.
 * @example
 * const dns = sweptSpec(linuxFiles, commonResolvConf, ['/etc/resolv.conf'], 'content');
 */
export function sweptSpec<T>(sweep: FileSweep, spec: ParserSpec<T>, files: readonly string[], form: SweepForm): ParserSpec<T> {
  const missing = files.find((f) => !sweep.files.includes(f));
  if (missing !== undefined) throw new TypeError(`${spec.name} reads ${missing}, which the sweep does not`);
  return {
    name: spec.name,
    command: sweep.command,
    parse: (stdout) => spec.parse(sweptLines(stdout, files, form)),
    description: spec.description,
    ...(spec.needsRoot === true && { needsRoot: true }),
  };
}
