/**
 * Everything `plesio scan` checks before its first connection, so a typo fails in a second rather than
 * after an hour: option values, the files the scan depends on, the inventories, the host list, and
 * the password (asked for last, once the rest is known to be right).
 */
import type { HostKeyPolicy } from '../executors/index.js';
import type { PluginSet } from '../fleet/plugins.js';
import { factCatalog } from '../hosts/scan.js';
import type { ConnectOptions } from './executors.js';
import { checkKnownHosts, checkReadable, checkSshConfig, prepareRecordDir } from './files.js';
import { caseCollision } from './fixture-name.js';
import { loadInventories } from './inventory/load.js';
import { parseCount, parseDuration } from './numbers.js';
import type { Format } from './shared-options.js';
import { obtainPassword, promptOnTerminal } from './password.js';
import { loadCliPlugins, type PluginFlags } from './plugin-options.js';
import { planHosts, type HostPlan } from './plan.js';
import { replayPlans } from './replay-plan.js';
import { checkPort } from './targets.js';
import { UsageError } from './usage-error.js';

/** The options of `plesio scan`, as commander hands them over (strings, unparsed). */
export interface ScanFlags extends PluginFlags {
  local?: boolean;
  inventory?: string[];
  limit?: string;
  sshConfig?: string;
  user?: string;
  port?: string;
  identity?: string[];
  knownHosts?: string;
  hostKeyPolicy?: HostKeyPolicy;
  askPass?: boolean;
  /** `--ask-passphrase`: prompt for encrypted identity files' passphrases before the scan. */
  askPassphrase?: boolean;
  passwordFile?: string;
  concurrency?: string;
  connectTimeout?: string;
  commandTimeout?: string;
  deadline?: string;
  sudo?: boolean;
  /** `--local-facts-exec`: the `local` fact may run executable fact files on the hosts. */
  localFactsExec?: boolean;
  /** False with `--no-pipelining`; commander sets true otherwise. */
  pipelining?: boolean;
  /** False with `--no-pacing`; commander sets true otherwise. */
  pacing?: boolean;
  facts?: string;
  format: Format;
  output?: string;
  record?: string;
  replay?: string;
  trace?: string;
  quiet?: boolean;
  /** Distributed mode (see src/distributed): enqueue to Redis instead of scanning here; `true` without a URL. */
  redis?: string | true;
  /** The Redis URL from a file (mode 600), for distributed mode. */
  redisFile?: string;
  /** Keep every host's report in this SQLite scan store. */
  store?: string;
  /** `--ansible-fact-cache DIR`: also write Ansible's jsonfile fact cache there. */
  ansibleFactCache?: string;
  /** `--ansible-fact-cache-prefix`: Ansible's `fact_caching_prefix` of those files. */
  ansibleFactCachePrefix?: string;
}

/** A checked scan, ready to run. */
export interface ScanSetup {
  plans: HostPlan[];
  concurrency: number;
  deadlineMs: number | undefined;
  facts: string[] | undefined;
  /** The plugins of the config files and `--plugin`, checked; undefined when there are none. */
  plugins: PluginSet | undefined;
  connect: ConnectOptions;
  /** Targets named more than once, scanned once (the scan says so on stderr). */
  duplicates: string[];
}

/**
 * Checks the options and files of `plesio scan` (and `plesio run`, without `plugins`) and plans its
 * hosts; throws `UsageError` on a problem. `interrupt` ends a password or passphrase prompt.
 * @example
 * const setup = await prepareScan(['web1'], { format: 'json' });
 */
export async function prepareScan(targets: string[], flags: ScanFlags, options: { plugins?: boolean; interrupt?: AbortSignal | undefined } = {}): Promise<ScanSetup> {
  const interrupt = options.interrupt;
  const identity = flags.identity ?? [];
  const inventories = flags.inventory ?? [];
  const concurrency = parseCount(flags.concurrency ?? '32', '--concurrency', 1, 4096);
  const duration = (text: string | undefined, option: string): number | undefined => (text === undefined ? undefined : parseDuration(text, option));
  const deadlineMs = duration(flags.deadline, '--deadline');
  // Plugins first: their facts are among those --facts may name.
  const plugins = options.plugins === false ? undefined : await loadCliPlugins(flags);
  const known = plugins?.registry.names ?? factCatalog.map((fact) => fact.name);
  const facts = flags.facts === undefined ? undefined : parseFacts(flags.facts, known);
  if (flags.askPass && flags.passwordFile !== undefined) throw new UsageError('--ask-pass and --password-file both give the password; use one');
  for (const file of identity) {
    // Ansible's -i is the inventory; here, as in ssh, it is a key. Catch the habit before it confuses.
    if (/\.(ini|ya?ml|cfg)$|(^|\/)(hosts|inventory)$/i.test(file)) {
      throw new UsageError(`-i ${file}: -i is an identity file (a private key), as in ssh; read an Ansible inventory with --inventory ${file}`);
    }
    await checkReadable(file, 'the identity file (-i)');
  }
  if (flags.sshConfig !== undefined) await checkSshConfig(flags.sshConfig);
  if (flags.knownHosts !== undefined) await checkKnownHosts(flags.knownHosts, flags.hostKeyPolicy ?? 'strict');

  const inventory = inventories.length === 0 ? undefined : await loadInventories(inventories);
  const duplicates: string[] = [];
  let plans = planHosts({
    targets,
    local: flags.local === true,
    inventory,
    limit: flags.limit,
    user: flags.user,
    port: flags.port === undefined ? undefined : checkPort(flags.port, '--port'),
    identityFiles: identity,
    onDuplicate: (label) => duplicates.push(label),
  });
  if (flags.replay !== undefined) plans = await replayPlans(flags.replay, plans);
  if (plans.length === 0) {
    throw new UsageError('no hosts to scan: name them (plesio scan web1 deploy@db1:2222), read an inventory (--inventory hosts.ini) or scan this machine (--local)');
  }
  // Each file once, naming the first host that uses it: a fleet shares a handful of keys.
  const keys = new Map<string, string>();
  for (const plan of plans) if (plan.kind === 'ssh') for (const file of plan.identityFiles) if (!keys.has(file)) keys.set(file, plan.label);
  for (const [file, label] of keys) if (!identity.includes(file)) await checkReadable(file, `the identity file of ${label}`);
  if (flags.record !== undefined) {
    const clash = caseCollision(plans.map((plan) => plan.label));
    if (clash !== undefined) throw new UsageError(`--record ${flags.record}: ${clash[0]} and ${clash[1]} differ only in case, and would share one recording where file names ignore case (macOS, Windows); record them in separate folders`);
    await prepareRecordDir(flags.record);
  }
  const needsPassword = flags.askPass === true || flags.passwordFile !== undefined;
  const password = needsPassword ? await obtainPassword(flags.askPass === true ? { kind: 'prompt' } : { kind: 'file', path: flags.passwordFile! }, interrupt) : undefined;
  // ssh2 and the ssh_config reader load only to check which keys need a passphrase.
  const passphrase = flags.askPassphrase === true ? await import('./passphrase.js') : undefined;
  const passphrases = passphrase !== undefined
    ? await passphrase.askPassphrases(await passphrase.identityFilesOf(plans, flags.sshConfig), (prompt) => promptOnTerminal(prompt, '--ask-passphrase needs a terminal to prompt on; without one, load the key into ssh-agent', interrupt))
    : undefined;
  const connect: ConnectOptions = {
    sshConfig: flags.sshConfig,
    knownHosts: flags.knownHosts,
    hostKeyPolicy: flags.hostKeyPolicy,
    connectTimeoutMs: duration(flags.connectTimeout, '--connect-timeout'),
    commandTimeoutMs: duration(flags.commandTimeout, '--command-timeout'),
    password,
    recordDir: flags.record,
    // Only an explicit false turns it off: callers other than commander may leave it out.
    pipelining: flags.pipelining !== false,
    ...(passphrases !== undefined && { passphrases }),
  };

  return { plans, concurrency, deadlineMs, facts, plugins, connect, duplicates };
}

/** `--facts uname,os,cpu`: names as `plesio facts --list` shows them, and `default` for the default set. */
function parseFacts(text: string, known: readonly string[]): string[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => name !== 'default' && !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--facts ${JSON.stringify(text)}: ${names.length === 0 ? 'no fact named' : `unknown fact ${unknown.map((n) => JSON.stringify(n)).join(', ')}`}; see plesio facts --list (known: default, ${known.join(', ')})`);
  }
  return names;
}
