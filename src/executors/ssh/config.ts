/**
 * Connection settings for a host, from the user's OpenSSH client config (`~/.ssh/config`) through the
 * `ssh-config` parser: HostName, User, Port, IdentityFile, IdentityAgent, ProxyJump, ProxyCommand, known_hosts files,
 * HostKeyAlias, StrictHostKeyChecking, HashKnownHosts, ConnectTimeout and ServerAlive*, with the files
 * `Include` names spliced in.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { PlesioError } from '../../errors.js';
import { expandIncludes } from './config-include.js';
import type { HostKeyPolicy } from './host-key.js';

/** One host's resolved settings. */
export interface SshSettings {
  /** The host as the user named it (a config alias, a name or an address). */
  alias: string;
  /** The address to connect to (HostName, or the alias). */
  hostName: string;
  port: number;
  user: string;
  /** Configured identity files, `~` and `%` tokens expanded; empty when none are configured. */
  identityFiles: string[];
  /** IdentityAgent: a socket path, `none`, or undefined for `SSH_AUTH_SOCK`. */
  identityAgent: string | undefined;
  /** ProxyJump hops in order, as `[user@]host[:port]` specs; empty for a direct connection. */
  proxyJump: string[];
  /** ProxyCommand, tokens expanded: a local command whose stdin and stdout carry the connection. */
  proxyCommand: string | undefined;
  /** UserKnownHostsFile entries; empty for the default. */
  knownHostsFiles: string[];
  hostKeyAlias: string | undefined;
  /** StrictHostKeyChecking mapped to a policy (`no` never means "accept a changed key" here). */
  hostKeyPolicy: HostKeyPolicy | undefined;
  hashKnownHosts: boolean;
  connectTimeoutMs: number | undefined;
  keepaliveIntervalMs: number | undefined;
  keepaliveCountMax: number | undefined;
}

/** A parsed `[user@]host[:port]` (or `[user@][v6-address]:port`). */
export interface TargetSpec {
  user: string | undefined;
  host: string;
  port: number | undefined;
}

/** Splits `[user@]host[:port]`; IPv6 addresses with a port go in brackets. */
export function parseTarget(target: string): TargetSpec {
  const at = target.lastIndexOf('@');
  const user = at === -1 ? undefined : target.slice(0, at);
  const rest = target.slice(at + 1);
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+):(\d+)$/.exec(rest);
  const host = match ? match[1]! : rest;
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (host === '' || user === '' || (port !== undefined && (port < 1 || port > 65535))) {
    throw new PlesioError('config', `cannot read the host ${JSON.stringify(target)}: expected [user@]host[:port]`);
  }
  return { user, host, port };
}

/**
 * Reads an ssh_config file, its Includes spliced in (see config-include.ts); `null` means "use no
 * file", and a missing file is an empty config. As `ssh -F` does, the file may be a FIFO or a device
 * (`/dev/null`: no settings, `<(…)`): read once (at most 1 MiB) and remembered for the rest of the
 * process, since a pipe cannot be read twice and every connection loads the config. `home` is where
 * `~` and relative Includes point.
 */
export async function loadSshConfig(path: string | null, home = homedir()): Promise<SSHConfig> {
  if (path === null) return SSHConfig.parse('');
  let text: string;
  try {
    text = readConfigText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SSHConfig.parse('');
    throw new PlesioError('config', `cannot read the ssh config ${path}: ${(error as Error).message}`, { cause: error });
  }
  return SSHConfig.parse(expandIncludes(text, path, { home }));
}

/** The non-regular config files read so far, by path (see `loadSshConfig`). */
const streamed = new Map<string, string>();
/** More than any real config; a device like /dev/zero would otherwise be read forever. */
const MAX_STREAMED_BYTES = 1 << 20;

function readConfigText(path: string): string {
  const known = streamed.get(path);
  if (known !== undefined) return known;
  // Small local files, read synchronously: see loadKnownHosts. A FIFO blocks here until its writer
  // opens it, as it does `ssh`.
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isFile()) return readFileSync(fd, 'utf8');
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(65_536);
      const n = readSync(fd, chunk);
      if (n === 0) break;
      size += n;
      if (size > MAX_STREAMED_BYTES) throw new Error(`it gives more than ${MAX_STREAMED_BYTES} bytes`);
      chunks.push(chunk.subarray(0, n));
    }
    const text = Buffer.concat(chunks).toString('utf8');
    streamed.set(path, text);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** Resolves a host spec against the config; explicit `user`/`port` (and ones in the spec) win. */
export function resolveSettings(config: SSHConfig, target: string, overrides: { user?: string; port?: number } = {}): SshSettings {
  const spec = parseTarget(target);
  const user = overrides.user ?? spec.user;
  // `Match exec` would run a shell command from the config; not for a library resolving names.
  const computed = config.compute(user === undefined ? { Host: spec.host } : { Host: spec.host, User: user }, { ignoreCase: true, matchExec: false });
  const one = (key: string): string | undefined => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const all = (key: string): string[] => {
    const value = computed[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const hostName = one('hostname')?.replace(/%h/g, spec.host) ?? spec.host;
  const port = overrides.port ?? spec.port ?? integer(one('port'), 'Port', spec.host) ?? 22;
  const remoteUser = user ?? one('user') ?? userInfo().username;
  const expand = (value: string): string => expandTokens(value, { alias: spec.host, hostName, port, user: remoteUser });
  const jump = one('proxyjump');
  const proxyJump = jump === undefined || jump.toLowerCase() === 'none' ? [] : jump.split(',').map((hop) => hop.trim());
  const command = one('proxycommand');
  const proxyCommand = command === undefined || command.toLowerCase() === 'none' ? undefined : proxyCommandOf(command, { alias: spec.host, hostName, port, user: remoteUser });
  if (proxyCommand !== undefined && proxyJump.length > 0) {
    // OpenSSH takes whichever comes first in the file, which the parsed config no longer tells.
    throw new PlesioError('config', `${spec.host}: both ProxyJump and ProxyCommand apply; keep one`);
  }
  return {
    alias: spec.host,
    hostName,
    port,
    user: remoteUser,
    identityFiles: all('identityfile').filter((f) => f.toLowerCase() !== 'none').map(expand),
    identityAgent: agentSetting(one('identityagent'), expand),
    proxyJump,
    proxyCommand,
    knownHostsFiles: all('userknownhostsfile').filter((f) => f.toLowerCase() !== 'none').map(expand),
    hostKeyAlias: one('hostkeyalias'),
    hostKeyPolicy: policy(one('stricthostkeychecking')),
    hashKnownHosts: one('hashknownhosts')?.toLowerCase() === 'yes',
    connectTimeoutMs: seconds(one('connecttimeout'), 'ConnectTimeout', spec.host),
    keepaliveIntervalMs: seconds(one('serveraliveinterval'), 'ServerAliveInterval', spec.host),
    keepaliveCountMax: integer(one('serveralivecountmax'), 'ServerAliveCountMax', spec.host),
  };
}

/** The identity files a host is tried with: the ones given, else its configured ones, else OpenSSH's defaults. */
export function identityFilesFor(settings: SshSettings, given?: readonly string[]): readonly string[] {
  if (given !== undefined) return given;
  return settings.identityFiles.length > 0 ? settings.identityFiles : defaultIdentityFiles();
}

/** The default identity files OpenSSH tries when none is configured. */
export function defaultIdentityFiles(): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(homedir(), '.ssh', name));
}

function agentSetting(value: string | undefined, expand: (value: string) => string): string | undefined {
  if (value === undefined || value === 'SSH_AUTH_SOCK') return undefined;
  if (value.toLowerCase() === 'none') return 'none';
  return value.startsWith('$') ? process.env[value.slice(1)] : expand(value);
}

function policy(value: string | undefined): HostKeyPolicy | undefined {
  switch (value?.toLowerCase()) {
    case 'accept-new':
    case 'no':
    case 'off':
      return 'accept-new';
    case 'yes':
    case 'ask':
      return 'strict';
    default:
      return undefined;
  }
}

/**
 * A ProxyCommand with its tokens expanded. The host name, alias and user go into a shell command, so
 * a character a shell would read (`;`, `$`, quotes, blanks…) in them is refused, as OpenSSH refuses it.
 */
function proxyCommandOf(command: string, context: { alias: string; hostName: string; port: number; user: string }): string {
  for (const [what, value] of [['host name', context.hostName], ['host', context.alias], ['user', context.user]] as const) {
    if (!/^[A-Za-z0-9._:@+\-[\]]+$/.test(value)) throw new PlesioError('config', `${context.alias}: the ${what} ${JSON.stringify(value)} cannot go into a ProxyCommand: it holds characters a shell would read`);
  }
  return expandTokens(command, context);
}

/** OpenSSH's `~` and `%` tokens: %d home, %h host name, %n alias, %p port, %r remote user, %u local user. */
function expandTokens(value: string, context: { alias: string; hostName: string; port: number; user: string }): string {
  const home = homedir();
  const tokens: Record<string, string> = { '%': '%', d: home, h: context.hostName, n: context.alias, p: String(context.port), r: context.user, u: userInfo().username };
  const expanded = value.replace(/%(.)/g, (token, letter: string) => tokens[letter] ?? token);
  return expanded === '~' ? home : expanded.startsWith('~/') ? join(home, expanded.slice(2)) : expanded;
}

function integer(value: string | undefined, name: string, host: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new PlesioError('config', `${host}: ${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function seconds(value: string | undefined, name: string, host: string): number | undefined {
  const n = integer(value, name, host);
  return n === undefined || n === 0 ? undefined : n * 1000;
}
