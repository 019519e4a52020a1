/**
 * Scan targets as people type them for ssh: `host`, `user@host`, `user@host:port`, `[v6addr]:port`, a
 * bare IPv6 address, or an ssh_config alias. Stricter than ssh about typos (`host:`, `a:b:c`, spaces),
 * because a scan of hundreds of hosts should stop before it starts rather than fail one host oddly.
 */
import { isIPv6 } from 'node:net';
import { UsageError } from './usage-error.js';

/** One host to scan over SSH, as the user named it. */
export interface Target {
  /** The target as written; the host's name in every output. */
  label: string;
  /** The login user, when the target names one. */
  user: string | undefined;
  /** A host name, an address or an ssh_config alias (brackets removed from IPv6 addresses). */
  host: string;
  port: number | undefined;
}

const EXPECTED = 'expected host, user@host, user@host:port or [IPv6-address]:port';
// Names, addresses and aliases: letters, digits and `._-`, plus `%` for an IPv6 zone (`fe80::1%eth0`).
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._%-]*$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.$-]*$/;

/**
 * Parses one target; `where` (e.g. `inventory.ini:12`) prefixes the error message.
 * @example
 * parseTarget('deploy@[2001:db8::7]:2222'); // => { label: 'deploy@[2001:db8::7]:2222', user: 'deploy', host: '2001:db8::7', port: 2222 }
 */
export function parseTarget(text: string, where?: string): Target {
  const fail = (problem: string): never => {
    throw new UsageError(`${where === undefined ? '' : `${where}: `}malformed target ${JSON.stringify(text)}: ${problem}`);
  };
  if (text === '') fail(`it is empty; ${EXPECTED}`);
  if (/\s/.test(text)) fail(`it contains white space; ${EXPECTED}`);
  if (text.startsWith('-')) fail('a target cannot start with "-" (is it a misspelt option?)');
  const at = text.lastIndexOf('@');
  const user = at === -1 ? undefined : text.slice(0, at);
  if (user !== undefined && !USER.test(user)) fail(user === '' ? `the user before "@" is empty; ${EXPECTED}` : `${JSON.stringify(user)} is not a valid user name`);
  const rest = text.slice(at + 1);
  const { host, port } = splitHostPort(rest, fail);
  return { label: text, user, host, port };
}

function splitHostPort(rest: string, fail: (problem: string) => never): { host: string; port: number | undefined } {
  if (rest.startsWith('[')) {
    const match = /^\[([^[\]]+)\](?::(.*))?$/.exec(rest);
    if (match === null) return fail(`unbalanced brackets; ${EXPECTED}`);
    const host = match[1]!;
    if (!isIPv6(host.replace(/%.*$/, '')) && !HOST.test(host)) fail(`${JSON.stringify(host)} is not a host name or an IPv6 address`);
    return { host, port: match[2] === undefined ? undefined : parsePort(match[2], fail) };
  }
  const colons = rest.split(':').length - 1;
  // ssh accepts a bare IPv6 address (`ssh ::1`); a port then needs brackets.
  if (colons > 1) {
    if (isIPv6(rest.replace(/%.*$/, ''))) return { host: rest, port: undefined };
    return fail(`too many ":"; an IPv6 address with a port goes in brackets, as [2001:db8::1]:22`);
  }
  const [host, portText] = colons === 1 ? (rest.split(':') as [string, string]) : [rest, undefined];
  if (host === '') fail(`the host is empty; ${EXPECTED}`);
  if (!HOST.test(host)) fail(`${JSON.stringify(host)} is not a host name, an address or an ssh_config alias`);
  return { host, port: portText === undefined ? undefined : parsePort(portText, fail) };
}

/** A TCP port 1–65535 written in decimal. */
function parsePort(text: string, fail: (problem: string) => never): number {
  if (text === '') return fail('the port after ":" is empty');
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) fail(`the port ${JSON.stringify(text)} is not a number from 1 to 65535`);
  return port;
}

/** Checks a port given as an option or an inventory variable; `name` says which, for the message. */
export function checkPort(value: string | number, name: string): number {
  const text = String(value).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${name} ${JSON.stringify(String(value))} is not a port number from 1 to 65535`);
  return port;
}
