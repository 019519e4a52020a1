/**
 * One fact source = one command + one pure parser. The parser takes the command's stdout and returns
 * the fact, or throws a `ParseError`; it never throws anything else and never hangs.
 */

/** A pure parser of one command's stdout. Throws only `ParseError`. */
export type Parser<T> = (stdout: string) => T;

/** A command and the parser of its output. */
export interface ParserSpec<T = unknown> {
  /** Globally unique, `<family>.<what>`, e.g. `linux.ip-addr-json`; also the fixture folder name. */
  readonly name: string;
  /** The shell command whose stdout `parse` reads. Values inside it must be shell-quoted. */
  readonly command: string;
  readonly parse: Parser<T>;
  /** True when the command only gives its full answer as root (run with `sudo -n` when allowed). */
  readonly needsRoot?: boolean;
  /** One line: what the parser reads and what it returns. */
  readonly description: string;
}
