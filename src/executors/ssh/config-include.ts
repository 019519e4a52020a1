/**
 * OpenSSH's `Include` for the ssh config: the `ssh-config` parser leaves the directive alone, and a
 * config split into `~/.ssh/config.d/*` is common, so the included files are spliced into the text
 * before it is parsed. As in OpenSSH: each argument is a path or a glob (`*`, `?`), relative ones are
 * taken from `~/.ssh` (plesio reads only user configs), matches are read in sorted order, a pattern
 * that matches nothing is no error, and inclusion nests at most 16 deep. An Include inside a Host or
 * Match block is conditional on it; the block's header (or `Host *` at the top level) is repeated
 * after the spliced text, so the lines that follow the Include stay where they were written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PlesioError } from '../../errors.js';
import { wildcardRegExp } from './wildcard.js';

/** How deep Includes may nest, as in OpenSSH. */
const MAX_DEPTH = 16;

/** Where relative paths and `~` point. */
export interface IncludeContext {
  /** The user's home directory: `~` there, and relative paths from its `.ssh`. */
  home: string;
}

/**
 * The config `text` of `file` with every Include replaced by the files it names.
 * @example
 * expandIncludes('Include config.d/*\nHost *\n  User me\n', '/home/me/.ssh/config', { home: '/home/me' });
 */
export function expandIncludes(text: string, file: string, context: IncludeContext, depth = 0): string {
  if (depth > MAX_DEPTH) throw new PlesioError('config', `${file}: Include nested more than ${MAX_DEPTH} deep (does a file include itself?)`);
  let header: string | undefined;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const keyword = /^\s*([A-Za-z]+)\s*(?:=\s*|\s)(.*)$/.exec(line);
    const name = keyword?.[1]?.toLowerCase();
    if (name === 'host' || name === 'match') header = line;
    if (name !== 'include') {
      out.push(line);
      continue;
    }
    for (const pattern of splitArguments(keyword![2]!)) {
      for (const path of expandPattern(pattern, context)) {
        let included: string;
        try {
          included = readFileSync(path, 'utf8');
        } catch (error) {
          throw new PlesioError('config', `${file}: cannot read the included ssh config ${path}: ${(error as Error).message}`, { cause: error });
        }
        out.push(expandIncludes(included, path, context, depth + 1));
      }
    }
    // Back in the block the Include was written in (OpenSSH restores it after the included files);
    // at the top level, `Host *` is the same as no block.
    out.push(header ?? 'Host *');
  }
  return out.join('\n');
}

/** The arguments of a config line: separated by blanks, double quotes keeping blanks together. */
function splitArguments(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The regular files a path or glob names, sorted; none when nothing matches. */
function expandPattern(pattern: string, { home }: IncludeContext): string[] {
  const path = pattern.startsWith('~/') ? join(home, pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(home, '.ssh', pattern);
  const parts = path.split('/').filter((part) => part !== '');
  let candidates = ['/'];
  for (const part of parts) {
    if (!/[*?]/.test(part)) {
      candidates = candidates.map((dir) => join(dir, part));
      continue;
    }
    const matcher = wildcardRegExp(part);
    candidates = candidates.flatMap((dir) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return [];
      }
      // As glob(3): a wildcard does not match a leading dot.
      return names.filter((name) => matcher.test(name) && (part.startsWith('.') || !name.startsWith('.'))).sort().map((name) => join(dir, name));
    });
  }
  return candidates.filter((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
