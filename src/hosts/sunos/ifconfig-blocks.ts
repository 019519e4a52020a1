/**
 * The blocks of SunOS `ifconfig -a`, read once for the two facts built from them (`interfaces` by
 * sunos.ifconfig, the per-interface details by sunos.ifconfig-details). A block is one logical
 * interface and address family: a header `bge0:1: flags=1000843<UP,...,IPv4> mtu 1500 index 2`, then
 * indented lines: `inet A netmask ffffff00 broadcast B`, `inet A --> PEER netmask ff000000` (point to
 * point), `inet6 A/64`, `ether 0:14:4f:...` (root only on Solaris 10), `zone z1`, `groupname ipmp0`,
 * and tunnel, usesrc/srcof lines that describe no address.
 */
import { ParseError } from '../parse-error.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { normaliseMac } from '../common/interfaces.js';
import { splitLines } from './text.js';

/** One address line of a block. */
export interface BlockAddress {
  readonly family: 'inet' | 'inet6';
  /** As printed, without any `/prefix`. */
  readonly address: string;
  /** The prefix length: from `/N` (IPv6) or the hexadecimal netmask (IPv4); null when not printed. */
  readonly prefix: number | null;
}

/** One `ifconfig -a` block. */
export interface IfconfigBlock {
  /** The logical name as printed (`bge0`, `bge0:1`). */
  readonly name: string;
  readonly flags: readonly string[];
  readonly mtu: number | null;
  zone: string | null;
  mac: string | null;
  group: string | null;
  readonly addresses: BlockAddress[];
}

const IFNAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}(?::\d{1,5})?$/;
const HEADER_TAIL = /^flags=[0-9a-fA-F]{1,16}<([A-Za-z0-9_,]{0,400})>(?:\s+mtu\s+(\d{1,9}))?/;

/** The prefix length of an `ifconfig` netmask (`ffffff00`, `0xffffff00`); null unless contiguous. */
export function netmaskPrefix(hex: string): number | null {
  const digits = hex.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{1,8}$/.test(digits)) return null;
  const bits = parseInt(digits.padStart(8, '0'), 16).toString(2).padStart(32, '0');
  const ones = bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
  return bits.slice(ones).includes('1') ? null : ones;
}

function readAddress(parser: string, block: IfconfigBlock, words: readonly string[]): void {
  const [kind, raw = ''] = words;
  // `inet tunnel src ...` / `inet6 tunnel src ...` describe a tunnel's endpoints, not an address.
  if (raw === 'tunnel' || raw === '') return;
  if (kind === 'inet6') {
    const slash = raw.indexOf('/');
    const prefix = slash < 0 ? null : Number(raw.slice(slash + 1));
    block.addresses.push({ family: 'inet6', address: slash < 0 ? raw : raw.slice(0, slash), prefix: prefix !== null && Number.isInteger(prefix) && prefix <= 128 ? prefix : null });
  } else {
    const mask = words.indexOf('netmask');
    block.addresses.push({ family: 'inet', address: raw, prefix: mask < 0 ? null : netmaskPrefix(words[mask + 1] ?? '') });
  }
  enforceCap(parser, `addresses on ${block.name}`, block.addresses.length, LIMITS.addressesPerInterface);
}

/**
 * Splits `ifconfig -a` output into blocks. `parser` names the fact for errors: the header must be
 * `<name>: flags=...`, and an indented line before the first header is an error.
 */
export function ifconfigBlocks(parser: string, stdout: string): IfconfigBlock[] {
  const blocks: IfconfigBlock[] = [];
  let block: IfconfigBlock | undefined;
  for (const line of splitLines(parser, stdout)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const at = line.indexOf(': flags=');
      const name = at < 0 ? '' : line.slice(0, at);
      if (!IFNAME.test(name)) throw new ParseError(parser, 'expected "<interface>: flags=..."', line);
      const tail = HEADER_TAIL.exec(line.slice(at + 2));
      block = { name, flags: tail?.[1]?.split(',') ?? [], mtu: tail?.[2] === undefined ? null : Number(tail[2]), zone: null, mac: null, group: null, addresses: [] };
      blocks.push(block);
      enforceCap(parser, 'interface blocks', blocks.length, LIMITS.interfaces * 4);
      continue;
    }
    if (!block) throw new ParseError(parser, 'indented line before the first interface', line);
    const words = line.trim().split(/\s+/);
    const value = words[1] ?? '';
    if (words[0] === 'inet' || words[0] === 'inet6') readAddress(parser, block, words);
    else if (words[0] === 'ether') block.mac = normaliseMac(value) ?? block.mac;
    else if (words[0] === 'zone' && value !== '' && value !== 'global') block.zone = value;
    else if (words[0] === 'groupname' && value !== '') block.group = value;
  }
  if (blocks.length === 0) throw new ParseError(parser, 'no interface listed', stdout.trim().split('\n')[0]);
  return blocks;
}
