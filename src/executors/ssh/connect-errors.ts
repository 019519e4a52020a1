/**
 * Turns ssh2's connection errors (an `Error` with a `level` and maybe a socket `code`) into plesio's
 * typed errors with one-line messages, so ssh2's vocabulary never reaches the caller.
 */
import type { PlesioError } from '../../errors.js';
import { AuthError, ConnectError, ConnectionLostError } from '../errors.js';

/** Who was being connected to, for the message. */
export interface HopLabel {
  /** The scanned host; every error's `host`. */
  host: string;
  /** This hop's name as configured (the scanned host, or a jump host). */
  alias: string;
  /** How to name this hop in messages: the alias, or `bastion (jump host for web1)`. */
  label: string;
  hostName: string;
  port: number;
  user: string;
}

/**
 * `host:port` as `ssh` and URLs write it: an IPv6 address in brackets (`[::1]:2301`), so the port
 * cannot be read as a part of the address.
 * @example
 * hostPort('::1', 2301); // => '[::1]:2301'
 */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

type Ssh2Error = Error & { level?: string; code?: string | number };

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

/** What authentication did, for its failure message (see `AuthPlan`). */
export interface AuthOutcome {
  readonly attempts: readonly string[];
  readonly withheld: readonly string[];
  readonly serverAllows: readonly string[] | undefined;
}

/** The typed error for a failed connection attempt; `auth` says what authentication tried. */
export function connectFailure(error: Ssh2Error, hop: HopLabel, auth: AuthOutcome): PlesioError {
  const { host, label } = hop;
  const where = hostPort(hop.hostName, hop.port);
  const code = typeof error.code === 'string' ? error.code : undefined;
  const options = { host, cause: error };
  if (error.level === 'client-dns' || (code !== undefined && DNS.has(code))) {
    return new ConnectError('dns', `${label}: cannot resolve the host name ${hop.hostName} (${code ?? error.message})`, options);
  }
  if (error.level === 'client-authentication') return new AuthError(`${label}: ${authFailure(hop.user, auth)}`, options);
  if (error.level === 'client-timeout') {
    return new ConnectError('connect-timeout', `${label}: no SSH handshake with ${where} in time`, options);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new ConnectError('refused', `${label}: connection to ${where} refused`, options);
    case 'ETIMEDOUT':
      return new ConnectError('connect-timeout', `${label}: connection to ${where} timed out`, options);
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new ConnectError('unreachable', `${label}: ${where} is unreachable (${code})`, options);
  }
  return new ConnectionLostError(`${label}: the SSH connection to ${where} failed: ${error.message}`, options);
}

/** The error for a jump host that could not open a tunnel to the next hop. */
export function tunnelFailure(error: Ssh2Error, hop: HopLabel, via: string): PlesioError {
  // OpenSSH's reason text for a failed direct-tcpip channel is "Connection refused" or similar.
  const refused = /refused/i.test(error.message);
  return new ConnectError(refused ? 'refused' : 'unreachable', `${hop.label}: ${via} could not reach ${hostPort(hop.hostName, hop.port)} (${error.message})`, { host: hop.host, cause: error });
}

/**
 * What `ssh` says ("Permission denied (publickey,password)"), then what was offered and what could not
 * be, and why: a person who typed a password learns that the server takes none.
 * @example
 * authFailure('root', { attempts: [], withheld: ['the password (the server does not take passwords)'], serverAllows: ['publickey'] });
 * // => 'authentication as root failed: Permission denied (publickey); tried nothing; not offered: the password (the server does not take passwords)'
 */
export function authFailure(user: string, auth: AuthOutcome): string {
  const denied = `Permission denied${auth.serverAllows === undefined ? '' : ` (${auth.serverAllows.join(',')})`}`;
  const nothing = auth.withheld.length === 0 ? 'nothing: no agent, no readable identity file, no password provider' : 'nothing';
  const tried = auth.attempts.length === 0 ? nothing : auth.attempts.join(', ');
  const withheld = auth.withheld.length === 0 ? '' : `; not offered: ${auth.withheld.join(', ')}`;
  return `authentication as ${user} failed: ${denied}; tried ${tried}${withheld}`;
}
