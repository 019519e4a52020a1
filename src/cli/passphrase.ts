/**
 * `--ask-passphrase`: the passphrases of encrypted identity files, asked for on the terminal before the
 * scan starts (not in the middle of the progress bar, nor once per host), each checked against its key
 * with three tries, as ssh gives. The files are those the scan's hosts would use: `-i` and inventory
 * keys, else each host's ssh config `IdentityFile`s (its jump hosts' too), else OpenSSH's defaults.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { keyNeedsPassphrase, passphraseOpens } from '../executors/ssh/auth.js';
import { defaultIdentityFiles, identityFilesFor, loadSshConfig, resolveSettings } from '../executors/ssh/config.js';
import type { HostPlan } from './plan.js';
import { UsageError } from './usage-error.js';

/** How many times a wrong passphrase may be typed for one key. */
const TRIES = 3;

/**
 * The identity files the SSH hosts of `plans` may authenticate with, each once, in first-use order.
 * @example
 * await identityFilesOf(plans, undefined); // => ['/home/me/.ssh/fleet_ed25519']
 */
export async function identityFilesOf(plans: readonly HostPlan[], sshConfig: string | undefined): Promise<string[]> {
  const config = await loadSshConfig(sshConfig ?? join(homedir(), '.ssh', 'config'));
  const files = new Set<string>();
  // A host the config cannot describe (say, both ProxyJump and ProxyCommand) fails when it connects, with its own message.
  const settings = (target: string): ReturnType<typeof resolveSettings> | undefined => {
    try {
      return resolveSettings(config, target);
    } catch {
      return undefined;
    }
  };
  // As the executor chooses them (a host the config cannot describe gets OpenSSH's defaults here).
  const ofHost = (target: ReturnType<typeof settings>, given?: readonly string[]): readonly string[] =>
    target === undefined ? given ?? defaultIdentityFiles() : identityFilesFor(target, given);
  for (const plan of plans) {
    if (plan.kind !== 'ssh') continue;
    const host = settings(plan.host);
    for (const file of ofHost(host, plan.identityFiles.length > 0 ? plan.identityFiles : undefined)) files.add(file);
    for (const jump of host?.proxyJump ?? []) for (const file of ofHost(settings(jump))) files.add(file);
  }
  return [...files];
}

/**
 * Asks for the passphrase of each encrypted key among `files` (others are left out); resolves to
 * file → passphrase. Throws `UsageError` after three wrong ones for a key.
 * @example
 * const passphrases = await askPassphrases(files, (prompt) => promptOnTerminal(prompt, 'no terminal'));
 */
export async function askPassphrases(files: readonly string[], ask: (prompt: string) => Promise<string>): Promise<Map<string, string>> {
  const passphrases = new Map<string, string>();
  for (const file of files) {
    if (keyNeedsPassphrase(file) !== true) continue;
    for (let attempt = 1; !passphrases.has(file); attempt++) {
      const passphrase = await ask(attempt === 1 ? `Enter passphrase for key '${file}': ` : `Wrong passphrase; try again for '${file}': `);
      if (passphraseOpens(file, passphrase)) passphrases.set(file, passphrase);
      else if (attempt === TRIES) throw new UsageError(`--ask-passphrase: ${TRIES} wrong passphrases for ${file}`);
    }
  }
  return passphrases;
}
