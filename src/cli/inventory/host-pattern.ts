/**
 * Host patterns as both inventory formats write them: an optional `:port` suffix (`[v6]:port` for IPv6)
 * and Ansible's ranges — `web[01:12].example.com`, `db-[a:f]`, `node[0:20:5]` — expanded to every host
 * they name. Numeric ranges keep the width of the start (`[01:03]` gives `01 02 03`).
 */
import { isIPv6 } from 'node:net';
import { MAX_RANGE_HOSTS } from './limits.js';

// Only brackets holding a range are ranges; `[2001:db8::1]` and other brackets are left alone.
const RANGE = /\[(\d+|[a-zA-Z]):(\d+|[a-zA-Z])(?::(\d+))?\]/;

/**
 * Expands every range in a host pattern; throws an `Error` saying what is wrong with a bad range
 * (the caller adds the file and line).
 * @example
 * expandHostRanges('web[1:3]'); // => ['web1', 'web2', 'web3']
 */
export function expandHostRanges(pattern: string): string[] {
  const match = RANGE.exec(pattern);
  if (match === null) return [pattern];
  const [whole, start, end, strideText] = match as unknown as [string, string, string, string | undefined];
  const head = pattern.slice(0, match.index);
  const tail = expandHostRanges(pattern.slice(match.index + whole.length));
  const stride = strideText === undefined ? 1 : Number(strideText);
  if (stride < 1) throw new Error(`the range ${whole} has a stride of 0`);
  const items: string[] = [];
  const numeric = /^\d+$/.test(start);
  if (numeric !== /^\d+$/.test(end)) throw new Error(`the range ${whole} mixes a number and a letter`);
  const [from, to] = numeric ? [Number(start), Number(end)] : [start.charCodeAt(0), end.charCodeAt(0)];
  if (from > to) throw new Error(`the range ${whole} starts after it ends`);
  // Counted before a name is made: web[0:999999999] is refused at once, not after a billion strings.
  const count = Math.floor((to - from) / stride) + 1;
  if (count * tail.length > MAX_RANGE_HOSTS) throw new Error(`the range ${whole} names ${count * tail.length} hosts, more than the ${MAX_RANGE_HOSTS} one pattern may name`);
  if (numeric) {
    // Ansible pads to the width of the start when it has leading zeros.
    const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
    for (let n = from; n <= to; n += stride) items.push(String(n).padStart(width, '0'));
  } else {
    for (let c = from; c <= to; c += stride) items.push(String.fromCharCode(c));
  }
  return items.flatMap((item) => tail.map((rest) => `${head}${item}${rest}`));
}

/**
 * Splits a port off a host pattern: `host:22` and `[v6]:22` carry one, a bare IPv6 address does not.
 * @example
 * splitPort('db1:5432'); // => { name: 'db1', port: '5432' }
 */
export function splitPort(pattern: string): { name: string; port: string | undefined } {
  const bracketed = /^\[([0-9A-Fa-f:.%]+)\](?::(\d+))?$/.exec(pattern);
  if (bracketed !== null && isIPv6(bracketed[1]!.replace(/%.*$/, ''))) return { name: bracketed[1]!, port: bracketed[2] };
  // Colons inside a range (`web[1:3]:2222`) are not the port's: look at the name with ranges masked.
  const masked = pattern.replace(/\[[^\]]*\]/g, (range) => '_'.repeat(range.length));
  const match = /^([^:]+):(\d+)$/.exec(masked);
  return match === null ? { name: pattern, port: undefined } : { name: pattern.slice(0, match[1]!.length), port: match[2] };
}
