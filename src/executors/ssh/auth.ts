/**
 * Authentication, in OpenSSH's order: the ssh-agent, then each identity file (asking for the passphrase
 * of an encrypted one), then a password (or a keyboard-interactive password prompt). Secrets come only
 * from the caller's providers — a terminal prompt, a file, a file descriptor — and are asked for only
 * when the server would accept that method. An identity file other users may read is never used, as
 * OpenSSH ignores an "UNPROTECTED PRIVATE KEY FILE" (keys held by the agent are not files: unaffected).
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey } from 'ssh2';
import { shellQuote } from '../../effects/quote.js';
import { exposedTo, type SecretProviders } from '../secret.js';

/** What to authenticate with. */
export interface Credentials extends SecretProviders {
  host: string;
  user: string;
  /** The agent socket, or undefined for none. */
  agent: string | undefined;
  identityFiles: readonly string[];
  /** Run a provider with the connect timeout paused: a person typing is not a slow server. */
  paused: <T>(work: () => Promise<T>) => Promise<T>;
}

/** An authentication attempt plan for ssh2, and what it tried, for the failure message. */
export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** The methods offered to the server, e.g. `ssh-agent`, `~/.ssh/id_rsa`, `password`. */
  attempts: string[];
  /** What could not be offered, and why: `~/.ssh/id_rsa (wrong passphrase)`, `the password (…)`. */
  withheld: string[];
  /** The methods the server said it allows (its last answer; names checked), or undefined before any. */
  serverAllows: string[] | undefined;
}

/** An authentication method name as the server sends it; anything else is not repeated in messages. */
const METHOD_NAME = /^[A-Za-z0-9@._-]{1,64}$/;

type Step = (allowed: (method: AuthenticationType) => boolean) => Promise<AnyAuthMethod | undefined>;

/** Builds the authHandler that walks agent → identity files → password, skipping what the server refuses. */
export function authPlan(credentials: Credentials): AuthPlan {
  const { user: username } = credentials;
  const plan: AuthPlan = { handler: () => undefined, attempts: [], withheld: [], serverAllows: undefined };
  const { attempts, withheld } = plan;
  const steps: Step[] = [];
  // A server that takes no public keys is said once, not once per key.
  const noPublicKeys = (): undefined => {
    if (!withheld.includes(NO_PUBLIC_KEYS)) withheld.push(NO_PUBLIC_KEYS);
    return undefined;
  };
  // Each file read and parsed once per connection: the first may be looked at before it is offered.
  const files = new Map<string, KeyFile>();
  const keyFile = (file: string): KeyFile => files.get(file) ?? files.set(file, readKeyFile(file)).get(file)!;
  const agent = credentials.agent;
  if (agent !== undefined) {
    steps.push(async (allowed) => {
      if (!allowed('publickey')) return noPublicKeys();
      attempts.push('ssh-agent');
      return { type: 'agent', username, agent };
    });
  }
  for (const file of credentials.identityFiles) {
    steps.push(async (allowed) => {
      const read = keyFile(file);
      // A default key that is not there is not worth a word, whatever the server takes.
      if (!allowed('publickey')) return 'problem' in read && read.missing ? undefined : noPublicKeys();
      const key = await loadKey(file, read, credentials, plan);
      return key === undefined ? undefined : { type: 'publickey', username, key };
    });
  }
  const password = credentials.password;
  if (password !== undefined) {
    steps.push(async (allowed) => {
      const method = allowed('password') ? 'password' : allowed('keyboard-interactive') ? 'keyboard-interactive' : undefined;
      // Said, so that a person who typed a password learns why it was not used.
      if (method === undefined) return void withheld.push('the password (the server does not take passwords)');
      attempts.push(method === 'password' ? 'password' : 'password (keyboard-interactive)');
      const secret = await credentials.paused(() => password({ host: credentials.host, user: username }));
      if (method === 'password') return { type: 'password', username, password: secret };
      return {
        type: 'keyboard-interactive',
        username,
        // Answer only a lone password prompt: a one-time code must never receive the password.
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.length === 1 && /password/i.test(prompts[0]!.prompt) ? [secret] : []),
      };
    });
  }

  let next = 0;
  plan.handler = (methodsLeft, _partial, callback) => {
    // The first call has no list yet (null at runtime, whatever the types say). When the first method
    // asks nobody for anything (the agent, or a key file without a passphrase), offer it at once: a
    // server that refuses public keys answers with the methods it takes all the same, and the `none`
    // probe would cost a round trip. Otherwise ask with `none`, so no secret is asked for a method the
    // server would refuse.
    if (methodsLeft === null && !firstNeedsNoPrompt(credentials, keyFile)) return callback({ type: 'none', username });
    const allowed = (method: AuthenticationType): boolean => methodsLeft === null || methodsLeft.includes(method);
    // The host's words: names only, so a hostile one cannot put anything else in the message.
    if (Array.isArray(methodsLeft)) plan.serverAllows = methodsLeft.slice(0, 8).map((name) => (typeof name === 'string' && METHOD_NAME.test(name) ? name : '?'));
    void (async () => {
      while (next < steps.length) {
        const step = steps[next++]!;
        const method = await step(allowed).catch((error: unknown) => {
          withheld.push(`(${(error as Error).message})`);
          return undefined;
        });
        if (method !== undefined) return callback(method);
      }
      // ssh2 takes `false` for "no more methods", which its types omit.
      callback(false as unknown as AnyAuthMethod);
    })();
  };
  return plan;
}

const NO_PUBLIC_KEYS = 'public keys (the server does not take any)';

/** An identity file as read: its bytes and what parsing them without a passphrase gave, or why it cannot be used. */
type KeyFile = { data: Buffer; key: ReturnType<typeof ssh2.utils.parseKey> } | { problem: string; missing: boolean };

function readKeyFile(file: string): KeyFile {
  let data: Buffer;
  let fd: number | undefined;
  try {
    // Small local files, read synchronously: see loadKnownHosts. The mode is checked on the open
    // file, so it is the file that is read.
    fd = openSync(file, 'r');
    const exposed = exposedTo(fstatSync(fd));
    if (exposed !== undefined) {
      return { problem: `UNPROTECTED PRIVATE KEY FILE: accessible by other users (${exposed}), so it was ignored; restrict it with chmod 600 ${shellQuote(file)}`, missing: false };
    }
    data = readFileSync(fd);
  } catch (error) {
    return { problem: `unreadable: ${(error as Error).message}`, missing: (error as NodeJS.ErrnoException).code === 'ENOENT' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { data, key: ssh2.utils.parseKey(data) };
}

/** Whether parsing failed only for want of a passphrase. */
function isEncrypted(key: ReturnType<typeof ssh2.utils.parseKey>): boolean {
  return key instanceof Error && /encrypted|passphrase/i.test(key.message);
}

/**
 * Whether the first method of the plan can be offered without asking anyone: the agent, or a first
 * identity file that parses without a passphrase (a missing or unreadable one is skipped silently, so
 * the next decides).
 */
function firstNeedsNoPrompt(credentials: Credentials, keyFile: (file: string) => KeyFile): boolean {
  if (credentials.agent !== undefined) return true;
  for (const file of credentials.identityFiles) {
    const read = keyFile(file);
    if ('problem' in read) continue;
    return !(read.key instanceof Error);
  }
  return false;
}

/**
 * Whether `file` holds a private key that needs a passphrase; undefined when it holds no key ssh2 can
 * read (or cannot be read), which authentication skips anyway.
 * @example
 * if (keyNeedsPassphrase('/home/me/.ssh/id_ed25519')) console.log('encrypted');
 */
export function keyNeedsPassphrase(file: string): boolean | undefined {
  const read = readKeyFile(file);
  if ('problem' in read) return undefined;
  if (!(read.key instanceof Error)) return false;
  return isEncrypted(read.key) ? true : undefined;
}

/** Whether `passphrase` opens the encrypted private key in `file`. */
export function passphraseOpens(file: string, passphrase: string): boolean {
  const read = readKeyFile(file);
  if ('problem' in read) return false;
  try {
    return !(ssh2.utils.parseKey(read.data, passphrase) instanceof Error);
  } catch {
    return false;
  }
}

/** Decrypts one identity file, as read; notes why when it cannot be used. */
async function loadKey(file: string, read: KeyFile, credentials: Credentials, plan: AuthPlan): Promise<ParsedKey | undefined> {
  const withhold = (why: string): undefined => void plan.withheld.push(`${file} (${why})`);
  if ('problem' in read) {
    // OpenSSH's default files are tried only when present; a missing one is not worth a word.
    return read.missing ? undefined : withhold(read.problem);
  }
  let key = read.key;
  if (isEncrypted(key)) {
    const ask = credentials.passphrase;
    if (ask === undefined) return withhold('encrypted, and no passphrase provider was given');
    key = ssh2.utils.parseKey(read.data, await credentials.paused(() => ask(file)));
    if (key instanceof Error) return withhold('wrong passphrase');
  }
  const parsed = Array.isArray(key) ? (key[0] as ParsedKey | undefined) : key;
  if (parsed === undefined || parsed instanceof Error || !parsed.isPrivateKey()) return withhold('not a private key ssh2 can read');
  plan.attempts.push(file);
  return parsed;
}
