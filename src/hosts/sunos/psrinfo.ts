/**
 * `psrinfo -pv` describes each physical processor (socket):
 * `The physical processor has 8 cores and 64 virtual processors (0-63)` or, with one core or on
 * releases that do not know cores, `The physical processor has 2 virtual processors (0 1)`; then
 * optional `The core has N virtual processors (...)` lines and one or two description lines:
 * `x86 (GenuineIntel 206D7 family 6 model 45 step 7 clock 2600 MHz)` + `Intel(r) Xeon(r) CPU ...`,
 * or on SPARC `SPARC-T4 (chipid 0, clock 2848 MHz)`.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { splitLines, squeeze } from './text.js';

/** Processor summary; `cores` is null when psrinfo does not tell the core count of every socket. */
export interface Cpu {
  readonly model: string | null;
  readonly sockets: number;
  readonly cores: number | null;
  readonly threads: number;
}

const NAME = 'sunos.psrinfo';
const SOCKET = /^The physical processor has (?:(\d{1,6}) cores? and )?(\d{1,6}) virtual processors?\b/;
const CORE = /^The core has \d{1,6} virtual processors?\b/;

interface Socket {
  readonly cores: number | null;
  readonly threads: number;
  coreLines: number;
  readonly descriptions: string[];
}

function model(descriptions: readonly string[]): string | null {
  // x86 prints the implementation then the brand string; the brand string is the model people know.
  const last = descriptions[descriptions.length - 1];
  if (last === undefined) return null;
  // Recent illumos appends the package type: `AMD Ryzen 9 3900X 12-Core Processor<TAB>[ Socket: AM4 ]`.
  const bracket = last.lastIndexOf('[');
  const socketTag = bracket > 0 && /^\[ ?Socket: [^\]]{0,40}\]\s*$/.test(last.slice(bracket));
  const brand = squeeze(socketTag ? last.slice(0, bracket) : last);
  if (descriptions.length > 1 || brand.startsWith('x86 (')) return brand;
  // SPARC: `SPARC-T4 (chipid 0, clock 2848 MHz)`; the parenthesis is per-chip detail.
  const paren = brand.indexOf(' (');
  return paren > 0 ? brand.slice(0, paren) : brand;
}

function coresOf(socket: Socket): number | null {
  if (socket.cores !== null) return socket.cores;
  if (socket.coreLines > 0) return socket.coreLines;
  return socket.threads === 1 ? 1 : null;
}

function parse(stdout: string): Cpu {
  const sockets: Socket[] = [];
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const socket = SOCKET.exec(line);
    if (socket) {
      sockets.push({ cores: socket[1] ? Number(socket[1]) : null, threads: Number(socket[2]), coreLines: 0, descriptions: [] });
      continue;
    }
    const current = sockets[sockets.length - 1];
    if (!current) throw new ParseError(NAME, 'expected "The physical processor has ..."', line);
    if (CORE.test(line)) current.coreLines++;
    else current.descriptions.push(line);
  }
  if (sockets.length === 0) throw new ParseError(NAME, 'no physical processor listed');
  const cores = sockets.map(coresOf);
  return {
    model: model(sockets[0]!.descriptions),
    sockets: sockets.length,
    cores: cores.includes(null) ? null : cores.reduce((a: number, b) => a + b!, 0),
    threads: sockets.reduce((a, s) => a + s.threads, 0),
  };
}

/** Counts sockets, cores and hardware threads and names the model from `psrinfo -pv`. */
export const psrinfoSpec: ParserSpec<Cpu> = {
  name: NAME,
  command: '/usr/sbin/psrinfo -pv',
  parse,
  description: 'psrinfo -pv: cpu model, sockets, cores (null when unknown) and threads (virtual processors)',
};
