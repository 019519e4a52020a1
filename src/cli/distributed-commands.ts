/**
 * The commands of distributed mode and scan history, declared with commander: `plesio worker`,
 * `plesio results RUN_ID` and `plesio diff`, plus the options `plesio scan` gains (`--redis`, `--queue`,
 * `--detach`, `--store`, `--retries`…). Actions only convert and delegate, as in `program.ts`.
 */
import { Command, Option } from 'commander';
import { DEFAULT_QUEUE } from '../distributed/connection.js';
import { DEFAULT_RETRY } from '../distributed/retry.js';
import type { DiffFlags } from './diff-command.js';
import type { CliIO } from './io.js';
import { collect, CONFIG_HELP, FORMATS, PIPELINING_HELP, PLUGIN_HELP, type Format } from './shared-options.js';
import { asUsageErrors } from './usage-error.js';
import type { WorkerFlags } from './worker-command.js';

const REDIS_HELP = 'the Redis of the queue, redis://[user:password@]host:port[/db] or rediss:// (visible in ps: prefer --redis-file or $PLESIO_REDIS)';
const REDIS_FILE_HELP = 'read the Redis URL (and its password) from a file only you can read (mode 600)';

const WORKER_EXAMPLES = `
Workers authenticate with their own ssh-agent, keys (-i), ssh config (-F) or --password-file, and check
host keys against their own known_hosts with their own --host-key-policy: jobs carry only the target
and the scan options, never a secret or a file name, and may only make host-key checking stricter.
--allow-targets limits the hosts a worker scans, whatever its queue says: name globs (web*.example.com),
address globs that match addresses only (10.1.*) and networks (10.2.0.0/16); an alias of the worker's
ssh config must match, and so must the HostName it stands for. A refused job fails with invalid-job.
The Redis URL comes from --redis, --redis-file or the environment variable PLESIO_REDIS.

On SIGTERM or SIGINT a worker finishes its running scans within --grace, hands the others back to the
queue and exits 0; a worker that dies has its jobs handed to another worker after --lock-duration.

Examples:
  $ plesio worker --redis-file /etc/plesio/redis.url --concurrency 64 --allow-targets '*.dmz.example.com,10.20.0.0/16'
  $ PLESIO_REDIS=rediss://plesio:secret@queue.example:6380 plesio worker -i /etc/plesio/fleet_ed25519 --queue dmz
  $ plesio worker --redis redis://queue.example:6379 --plugin /opt/plesio/acme.mjs

Jobs name the plugins their scan loaded (name, version and content hash), never their code: a worker
runs a job only when it loaded exactly those (--plugin, or its config file), and fails the others with
plugin-mismatch.
`;

const RESULTS_EXAMPLES = `
The Redis URL comes from --redis, --redis-file or $PLESIO_REDIS.

Exit status: 0 every host scanned, 2 some hosts failed, 1 usage error or Redis unreachable, 130 interrupted.

Examples:
  $ plesio results 20250601T120000Z-9f3a21bc --redis redis://queue.example:6379 --format table
  $ plesio results 20250601T120000Z-9f3a21bc --no-wait --format ndjson --store scans.db
`;

const DIFF_EXAMPLES = `
Runs are named by id (plesio diff --list) or as latest and latest~N. Uptime and used space change on
every scan and are left out unless --all.

Examples:
  $ plesio diff --store scans.db                      # the last two runs
  $ plesio diff latest~7 latest --store scans.db --host web1
  $ plesio diff --list --store scans.db
`;

/**
 * Adds `worker`, `results` and `diff` to the program, writing to `io` and delivering each command's
 * exit code to `done`.
 * @example
 * registerDistributedCommands(program, io, (code) => (exitCode = code));
 */
export function registerDistributedCommands(program: Command, io: CliIO = { stdout: process.stdout, stderr: process.stderr }, done: (code: number) => void = (code) => void (process.exitCode = code)): Command {
  program
    .command('worker')
    .description('take host-scan jobs from a Redis queue and scan the hosts (distributed mode)')
    .showHelpAfterError('(plesio worker --help shows the options and examples)')
    .addOption(redisOption())
    .option('--redis-file <file>', REDIS_FILE_HELP)
    .option('--queue <name>', 'the queue to take jobs from', DEFAULT_QUEUE)
    .option('--concurrency <n>', 'hosts scanned at once', '32')
    .option('--name <name>', 'the worker\'s name in the results (default host:pid)')
    .option('-F, --ssh-config <file>', 'this worker\'s ssh_config (default ~/.ssh/config)')
    .option('-i, --identity <file>', 'a private key of this worker (repeatable)', collect)
    .option('--known-hosts <file>', 'this worker\'s known_hosts file (default ~/.ssh/known_hosts)')
    .addOption(new Option('--host-key-policy <policy>', 'unknown host keys: refuse (strict, the default) or record them (accept-new); a job may only ask for strict').choices(['strict', 'accept-new']))
    .option('--allow-targets <patterns>', 'only scan hosts matching these comma-separated patterns: web*.example.com, 10.1.* (addresses only), 10.2.0.0/16 (repeatable)', collect)
    .option('--password-file <file>', 'this worker\'s SSH password, in a file only it can read (mode 600)')
    .option('--no-pipelining', PIPELINING_HELP)
    .option('--plugin <path|package>', `${PLUGIN_HELP}; the worker runs only jobs of scans that loaded exactly these`, collect)
    .option('--config <file>', CONFIG_HELP)
    .option('--local-facts-exec', 'run jobs whose scan lets the local fact run executable fact files (refused otherwise)')
    .option('--grace <duration>', 'on SIGTERM, let running scans finish this long before handing them back', '30s')
    .option('--lock-duration <duration>', 'a dead worker\'s jobs go to another worker after this long', '30s')
    .option('-q, --quiet', 'no line per scanned host on stderr')
    .addHelpText('after', WORKER_EXAMPLES)
    .action(async (flags: WorkerFlags) => {
      // Each command loads its own work (BullMQ, SQLite) when it runs, never when another one does.
      const { runWorker } = await import('./worker-command.js');
      done(await asUsageErrors(() => runWorker(flags, io)));
    });

  program
    .command('results')
    .description('collect the results of a distributed scan (plesio scan --redis --detach printed its run id)')
    .argument('<run-id>', 'the run id')
    .showHelpAfterError('(plesio results --help shows the options and examples)')
    .addOption(redisOption())
    .option('--redis-file <file>', REDIS_FILE_HELP)
    .option('--queue <name>', 'the queue the run was enqueued on', DEFAULT_QUEUE)
    .addOption(new Option('--format <format>', 'json, ndjson (a line per host, as each finishes), yaml, table or ansible (each host\'s facts as Ansible\'s fact cache holds them)').choices(FORMATS).default('json'))
    .option('-o, --output <file>', 'write the reports to a file instead of stdout')
    .option('--ansible-fact-cache <dir>', 'also fill Ansible\'s jsonfile fact cache in <dir> (its fact_caching_connection)')
    .option('--ansible-fact-cache-prefix <prefix>', 'the cache files\' prefix, Ansible\'s fact_caching_prefix (none by default)')
    .option('--store <file>', 'also keep the results in a SQLite scan store, for plesio diff')
    .option('--no-wait', 'write the results there are now, without waiting for the others')
    .option('-q, --quiet', 'no progress bar and no summary on stderr')
    .addHelpText('after', RESULTS_EXAMPLES)
    .action(async (runId: string, flags: { redis?: string; redisFile?: string; queue: string; format: Format; output?: string; store?: string; wait: boolean; quiet?: boolean; ansibleFactCache?: string; ansibleFactCachePrefix?: string }) => {
      const [{ writeRunResults }, { redisUrl }] = await Promise.all([import('./results-output.js'), import('./redis-url.js')]);
      done(await asUsageErrors(async () => {
        const redis = await redisUrl(flags);
        return writeRunResults(runId, { ...flags, redis: redis.url, redisSource: redis }, io);
      }));
    });

  program
    .command('diff')
    .description('show what changed between two stored scans: new and removed hosts, changed facts')
    .argument('[run-a]', 'the earlier run (default latest~1)')
    .argument('[run-b]', 'the later run (default latest)')
    .showHelpAfterError('(plesio diff --help shows the options and examples)')
    .requiredOption('--store <file>', 'the scan store (plesio scan --store FILE)')
    .option('--host <host>', 'only this host')
    .option('--all', 'also show facts that change on every scan (uptime, used space)')
    .option('--list', 'list the stored runs instead')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', DIFF_EXAMPLES)
    .action(async (a: string | undefined, b: string | undefined, flags: DiffFlags) => {
      const [{ runDiff }, { printing }] = await Promise.all([import('./diff-command.js'), import('./output/print.js')]);
      done(await asUsageErrors(() => printing(io.stdout, (stdout) => runDiff(a, b, flags, { ...io, stdout }))));
    });
  return program;
}

/**
 * Adds the distributed-mode and history options to `plesio scan` (see `QueueScanFlags`, `recordRun`).
 * @example
 * addDistributedScanOptions(program.commands.find((c) => c.name() === 'scan')!);
 */
export function addDistributedScanOptions(scan: Command): Command {
  return scan
    .optionsGroup('Distributed:')
    .option('--redis [url]', 'enqueue one job per host on this Redis for plesio worker processes, and collect their results (without a URL: from --redis-file or $PLESIO_REDIS)')
    .option('--redis-file <file>', `like --redis, the URL read from a file only you can read (mode 600)`)
    .option('--queue <name>', 'the queue of --redis', DEFAULT_QUEUE)
    .option('--detach', 'with --redis: only enqueue, print the run id and exit (collect with plesio results)')
    .option('--retries <n>', `with --redis: more attempts for hosts failing with a --retry-on code (default ${DEFAULT_RETRY.attempts - 1})`)
    .option('--retry-on <codes>', `with --redis: error codes worth another attempt (default ${DEFAULT_RETRY.retryOn.join(',')})`)
    .option('--retry-backoff <duration>', `with --redis: wait before the next attempt, doubling (default ${DEFAULT_RETRY.backoffMs / 1000}s)`)
    .optionsGroup('History:')
    .option('--store <file>', 'also keep the results in a SQLite scan store, one row per host per run, for plesio diff');
}

function redisOption(): Option {
  return new Option('--redis <url>', REDIS_HELP);
}
