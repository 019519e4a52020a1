/**
 * The one command of the `local` fact: a POSIX shell script that frames every fact file of the
 * facts.d folders (plesio's own, Ansible's and Facter's) in one output, for the pure parser in
 * `local-facts-parse.ts`. Files are read, never run, unless the operator allows executable fact files
 * (`--local-facts-exec`); sizes and counts are bounded on the host, before anything is sent.
 *
 * The output, line by line: `plesio-local-facts 1`, then per folder that exists `D <index>`, then per
 * file one header and, for a file read or run, its lines each prefixed with `|` (so no content line can
 * pass for a header):
 *   F <name>           a data file, read        X <name>   an executable, run; ends with `S <status>`
 *   N <name>           an executable, not run   B <size> <name>   larger than the limit, not read
 *   U <name>           not readable             T          the output went past the limit, cut there
 *   M                  more files than the limit in this folder; the rest are left out
 */
import { shellQuote } from '../../effects/quote.js';

/** What a folder's files are, as the tool that owns it reads them. */
export type LocalFactsKind = 'plesio' | 'ansible' | 'facter';

/** A facts.d folder. */
export interface LocalFactsDir {
  readonly path: string;
  readonly kind: LocalFactsKind;
}

/** The folders the `local` fact reads, in this order. */
export const LOCAL_FACTS_DIRS: readonly LocalFactsDir[] = Object.freeze([
  { path: '/etc/plesio/facts.d', kind: 'plesio' },
  { path: '/etc/ansible/facts.d', kind: 'ansible' },
  { path: '/etc/facter/facts.d', kind: 'facter' },
  { path: '/etc/puppetlabs/facter/facts.d', kind: 'facter' },
] as const);

/** The bounds the script keeps on the host. */
export interface LocalFactsLimits {
  readonly fileBytes: number;
  readonly filesPerDir: number;
  readonly execSeconds: number;
}

/** The bounds of the `local` fact. */
export const LOCAL_FACTS_LIMITS: LocalFactsLimits = Object.freeze({
  /** A file (or an executable's output) larger than this is not read (cut). */
  fileBytes: 65_536,
  /** Files read per folder; the rest are reported as left out. */
  filesPerDir: 256,
  /** Seconds each executable may run, where the host has `timeout` (GNU, BusyBox, FreeBSD). */
  execSeconds: 10,
});

/** The data files each kind of folder holds; anything else is left alone (a README, a backup `~`). */
const DATA_NAMES: Readonly<Record<LocalFactsKind, string>> = {
  plesio: '*.json|*.yaml|*.yml|*.ini|*.txt',
  ansible: '*.fact',
  facter: '*.json|*.yaml|*.yml|*.txt',
};

/**
 * The script reading `dirs` (default `LOCAL_FACTS_DIRS`); with `exec`, executable fact files are run
 * (with a timeout where the host has `timeout`), otherwise they are only named. Written for a Bourne
 * shell (Solaris 10's too). `limits` overrides `LOCAL_FACTS_LIMITS` (tests).
 * @example
 * localFactsCommand({ exec: false }) // the `local` fact's default command
 */
export function localFactsCommand(options: { exec: boolean; dirs?: readonly LocalFactsDir[]; limits?: Partial<LocalFactsLimits> }): string {
  const dirs = options.dirs ?? LOCAL_FACTS_DIRS;
  const { fileBytes, filesPerDir, execSeconds } = { ...LOCAL_FACTS_LIMITS, ...options.limits };
  // Each line of a file or an output, prefixed; cut (and ended) past the limit, so a file growing while
  // it is read, or a chatty executable, cannot send more.
  const frame = `awk -v max=${fileBytes} '{ n += length($0) + 1; if (n > max) { print "T"; exit } print "|" $0 }'`;
  // An executable's output and then its status: the status line comes last, so it is held back a line.
  const frameRun = `awk -v max=${fileBytes} 'NR > 1 { n += length(p) + 1; if (n > max) { print "T"; cut = 1; exit } print "|" p } { p = $0 } END { if (!cut) print p }'`;
  const run = `if command -v timeout >/dev/null 2>&1; then timeout ${execSeconds} "$f"; else "$f"; fi`;
  const perDir = dirs.map((d, i) => [
    `d=${shellQuote(d.path)}`,
    `if [ -d "$d" ]; then echo "D ${i}"; n=0`,
    `for f in "$d"/*; do`,
    '[ -f "$f" ] || continue',
    // A name with a newline would break the framing; such a file is left out.
    'case $f in *"$nl"*) continue;; esac',
    'b=`basename "$f"`',
    // Ansible reads only *.fact, executable or not; plesio and Facter run any executable.
    ...(d.kind === 'ansible' ? ['case $b in *.fact) ;; *) continue;; esac'] : []),
    // What the folder's tool would use: any executable, and data files by name.
    `if [ -x "$f" ]; then t=x; else case $b in ${DATA_NAMES[d.kind]}) t=d;; *) continue;; esac; fi`,
    `n=\`expr $n + 1\`; if [ $n -gt ${filesPerDir} ]; then echo M; break; fi`,
    'if [ $t = x ]; then',
    options.exec ? `printf 'X %s\\n' "$b"; { ${run} </dev/null 2>/dev/null; r=$?; echo; echo "S $r"; } | ${frameRun}` : `printf 'N %s\\n' "$b"`,
    'else',
    `if [ ! -r "$f" ]; then printf 'U %s\\n' "$b"; continue; fi`,
    // `ls -ln`'s fifth field is the size on every system plesio scans; a big file is not read at all.
    's=`ls -lnd "$f" | awk \'{ print $5 }\'`',
    `if [ "$s" -gt ${fileBytes} ] 2>/dev/null; then printf 'B %s %s\\n' "$s" "$b"; continue; fi`,
    `printf 'F %s\\n' "$b"; ${frame} "$f"`,
    'fi',
    'done',
    'fi',
  ].join('\n'));
  return ['echo "plesio-local-facts 1"', "nl='\n'", ...perDir].join('\n');
}
