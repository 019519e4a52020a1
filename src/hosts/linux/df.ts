/**
 * Mounted filesystems from POSIX `df -P -k`, with the filesystem type where `df` knows `-T` (GNU
 * coreutils, BusyBox 1.30 and later). The probe on `/` picks the form before the real run: a plain
 * `df -PkT || df -Pk` would print twice when `df -PkT` fails on one unreadable mount after printing
 * the rest. `df` exits 1 when one mount cannot be read but still prints the others: the saga should
 * parse stdout whatever the exit status. A stale NFS mount can make `df` hang; the saga runs this
 * command under its own timeout (a `timeout` wrapper would not help: a process blocked on NFS ignores
 * signals until the server answers).
 */
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { parseCount, parseError, splitLines } from '../common/text.js';

/** One mounted filesystem. */
export interface Filesystem {
  readonly mount: string;
  readonly device: string;
  /** The filesystem type, `null` when `df` has no `-T`. */
  readonly type: string | null;
  readonly size_bytes: number | null;
  readonly used_bytes: number | null;
  /**
   * What an unprivileged user may still write (df's Available): less than size - used when the
   * filesystem reserves blocks for root (ext4's 5%). Ansible's `size_available`, Facter's `available`.
   */
  readonly available_bytes: number | null;
}

const NAME = 'linux.df';

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The whitespace-separated words of a line with their positions. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

const isNumber = (t: Token | undefined): boolean => t !== undefined && (t.text === '-' || parseCount(t.text) !== undefined);
const isPercent = (t: Token | undefined): boolean => t !== undefined && (t.text === '-' || /^[0-9]{1,3}%$/.test(t.text));

/**
 * Parses one data line. The columns after the device are fixed (type, blocks, used, available,
 * capacity) and the mount point is the rest of the line after one space, so a device or a mount point
 * with spaces in it is read whole.
 */
function parseLine(line: string, typed: boolean, blockSize: number): Filesystem {
  const tokens = tokenize(line);
  const firstNumber = typed ? 2 : 1;
  for (let i = firstNumber; i + 3 < tokens.length; i++) {
    if (!isNumber(tokens[i]) || !isNumber(tokens[i + 1]) || !isNumber(tokens[i + 2]) || !isPercent(tokens[i + 3])) continue;
    const deviceEnd = typed ? tokens[i - 1]! : tokens[i]!;
    const bytes = (t: Token): number | null => (t.text === '-' ? null : Number(t.text) * blockSize);
    return {
      mount: line.slice(tokens[i + 3]!.end + 1),
      device: line.slice(0, deviceEnd.start).trimEnd(),
      type: typed ? tokens[i - 1]!.text : null,
      size_bytes: bytes(tokens[i]!),
      used_bytes: bytes(tokens[i + 1]!),
      available_bytes: bytes(tokens[i + 2]!),
    };
  }
  throw parseError(NAME, 'not a filesystem line', line);
}

/** Parses `df -P -k [-T]` output into the `filesystems` fact. */
export function parseDf(stdout: string): Filesystem[] {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined || !header.startsWith('Filesystem')) throw parseError(NAME, 'no "Filesystem ..." header', header);
  const columns = header.split(/\s+/);
  const typed = columns[1] === 'Type';
  // "1024-blocks" (POSIX), "1K-blocks" (GNU without -P), "512-blocks" (a df that ignored -k).
  const unit = /^([0-9]{1,7})([kK]?)-blocks$/.exec(columns[typed ? 2 : 1] ?? '');
  if (unit === null) throw parseError(NAME, 'no block size column in the header', header);
  const blockSize = Number(unit[1]) * (unit[2] === '' ? 1 : 1024);
  enforceCap(NAME, 'filesystems', lines.length - 1, LIMITS.filesystems);
  return lines.slice(1).map((line) => {
    const fs = parseLine(line, typed, blockSize);
    if (fs.mount === '' || fs.device === '') throw parseError(NAME, 'a filesystem line without device or mount point', line);
    return fs;
  });
}

/** Mounted filesystems with device, type, size and use. */
export const linuxDf: ParserSpec<Filesystem[]> = {
  name: NAME,
  command: 'if df -PkT / >/dev/null 2>&1; then df -PkT; else df -Pk; fi',
  parse: parseDf,
  description: 'Reads df -PkT (or df -Pk where -T is unknown) and returns each mount with device, type, size, used and available bytes.',
};
