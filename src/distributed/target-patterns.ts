/**
 * `plesio worker --allow-targets 'web*.example.com,10.1.*,10.2.0.0/16'`: the hosts a worker may scan,
 * whatever its queue says. Three kinds of pattern, comma-separated:
 * - a name glob (`web*.example.com`, `db?`): `*` any characters, `?` one, case-insensitive, over the
 *   whole name or address as the job writes it (`*` alone allows everything);
 * - an address glob (`10.1.*`, `fd00::*`: only digits, `.`, `*`, `?` — or hex digits and `:` for IPv6):
 *   it matches IP addresses only, never a name, so `10.1.*` does not allow `10.1.evil.example`;
 * - a network (`10.2.0.0/16`, `fd00::/8`): IP addresses inside it.
 * Names are checked as written, not what DNS makes of them: DNS is trusted, as `ssh` trusts it, and the
 * host key — which a job cannot make the worker skip — is what keeps a redirected name from the
 * worker's credentials.
 */
import { BlockList, isIP } from 'node:net';
import { PlesioError } from '../errors.js';

/** A parsed `--allow-targets` list. */
export interface TargetPatterns {
  /** The patterns as given, for messages. */
  readonly source: readonly string[];
  /** True when `host` (a name, an alias or an address) is allowed. */
  allows(host: string): boolean;
}

/** A pattern of `--allow-targets` is malformed. */
export class TargetPatternError extends PlesioError {
  constructor(message: string) {
    super('usage', message);
  }
}

const ADDRESS_GLOB = /^(?:[0-9.*?]+|[0-9a-fA-F:*?]*:[0-9a-fA-F:*?]*)$/;

/**
 * Parses patterns (see the file comment), each of which may be a comma-separated list; throws
 * `TargetPatternError` for a bad one.
 * @example
 * targetPatterns(['web*', '10.1.0.0/16']).allows('10.1.4.2'); // => true
 */
export function targetPatterns(given: readonly string[]): TargetPatterns {
  const patterns = given.flatMap((list) => list.split(',')).map((p) => p.trim());
  if (patterns.length === 0 || patterns.some((p) => p === '')) throw new TargetPatternError(`--allow-targets ${JSON.stringify(given.join(','))} has an empty pattern; write e.g. 'web*.example.com,10.1.0.0/16'`);
  const networks = new BlockList();
  const names: ((text: string) => boolean)[] = [];
  const addresses: ((text: string) => boolean)[] = [];
  for (const pattern of patterns) {
    const slash = pattern.indexOf('/');
    if (slash !== -1) {
      const [base, bits] = [pattern.slice(0, slash), Number(pattern.slice(slash + 1))];
      const family = isIP(base);
      if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128) || !/^\d+$/.test(pattern.slice(slash + 1))) {
        throw new TargetPatternError(`--allow-targets: ${JSON.stringify(pattern)} is not a network; write e.g. 10.1.0.0/16 or fd00::/8`);
      }
      networks.addSubnet(base, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else if (!/^[A-Za-z0-9_.*?%:-]+$/.test(pattern)) {
      throw new TargetPatternError(`--allow-targets: ${JSON.stringify(pattern)} is not a host pattern (letters, digits, ".", "-", "_", ":" and the wildcards * and ?)`);
    } else if (pattern !== '*' && ADDRESS_GLOB.test(pattern)) {
      addresses.push(glob(pattern));
    } else {
      names.push(glob(pattern));
    }
  }
  return {
    source: patterns,
    allows(host: string): boolean {
      const address = host.replace(/%.*$/, '');
      const family = isIP(address);
      if (family !== 0) {
        return networks.check(address, family === 4 ? 'ipv4' : 'ipv6') || addresses.some((matches) => matches(address)) || names.some((matches) => matches(address));
      }
      return names.some((matches) => matches(host));
    },
  };
}

/**
 * `*` and `?` as in ssh_config's Host patterns, everything else literal, case-insensitive. Matched by
 * walking both strings (back to the last `*` on a mismatch), in time proportional to their product at
 * worst: a host name from a job cannot make a pattern backtrack exponentially, as a RegExp could.
 */
function glob(pattern: string): (text: string) => boolean {
  const p = pattern.toLowerCase();
  return (given) => {
    const t = given.toLowerCase();
    let [i, j, star, mark] = [0, 0, -1, 0];
    while (i < t.length) {
      if (j < p.length && (p[j] === '?' || p[j] === t[i])) [i, j] = [i + 1, j + 1];
      else if (j < p.length && p[j] === '*') [star, mark, j] = [j, i, j + 1];
      else if (star !== -1) [j, mark, i] = [star + 1, mark + 1, mark + 1];
      else return false;
    }
    while (j < p.length && p[j] === '*') j++;
    return j === p.length;
  };
}
