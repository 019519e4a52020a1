/**
 * The command line, declared with commander: `plesio scan`, `plesio run` and `plesio facts`, their
 * options in help groups, examples in every `--help`. Actions only convert and delegate; the work is in
 * `scan-command.ts`, `run-command.ts` and `facts-command.ts`, imported when their command runs: `--version`, `--help`
 * and every other command start without them (and without what they load: the scan, ssh2, YAML…).
 */
import { Command, Option } from 'commander';
import { addDistributedScanOptions, registerDistributedCommands } from './distributed-commands.js';
import type { CliIO } from './io.js';
import type { InventoryFlags } from './ansible-inventory-command.js';
import type { PluginFlags } from './plugin-options.js';
import type { RunFlags } from './run-command.js';
import type { ScanFlags } from './scan-setup.js';
import { collect, CONFIG_HELP, FORMATS, optionDescription, PIPELINING_HELP, PLUGIN_HELP } from './shared-options.js';
import { asUsageErrors } from './usage-error.js';

const SCAN_EXAMPLES = `
Targets are host, user@host, user@host:port, [IPv6-address]:port or an ssh_config alias. Per-host
settings (in the target or the inventory) win over -l and -p; ssh_config fills in the rest.

Exit status: 0 every host scanned, 2 some hosts failed (each has an error code and reason in the
output), 1 usage or configuration error, 130 interrupted (hosts finished so far are written).

Examples:
  $ plesio scan --local
  $ plesio scan web1 deploy@db1:2222 'admin@[2001:db8::7]:22' --format table
  $ plesio scan --inventory hosts.ini --limit 'webservers:!web3' --sudo --format ndjson > fleet.ndjson
  $ plesio scan -i ~/.ssh/fleet_ed25519 --known-hosts fleet_known_hosts --host-key-policy accept-new $(cat hosts.txt)
  $ plesio scan --facts os,kernel,cpu --concurrency 128 --deadline 10m --inventory prod.yml -o prod.json
  $ plesio scan web1 --record recordings/ && plesio scan web1 --replay recordings/
  $ plesio scan --inventory hosts.ini --trace scan.trace.json   # open in ui.perfetto.dev
  $ plesio scan --plugin ./acme.mjs --facts default,timezone,nginx web1
  $ plesio scan --facts default,local --inventory hosts.ini      # with the hosts' facts.d files
  $ plesio scan --inventory hosts.ini --ansible-fact-cache ~/.cache/ansible-facts -q > /dev/null

Plugins are loaded from ~/.config/plesio/config.{json,yaml} and ./plesio.config.{json,yaml}
({ "plugins": ["./acme.mjs"] }), then from each --plugin.
`;

const INVENTORY_EXAMPLES = `
Ansible runs it through a one-line wrapper script (chmod +x plesio-inventory):
  #!/bin/sh
  exec plesio inventory --store /var/lib/plesio/scans.db "$@"

Examples:
  $ ansible -i plesio-inventory os_family_Debian -m ping
  $ plesio inventory --store scans.db --host web1
  $ plesio inventory --store scans.db --run latest~1 --prefix facts_
`;

const FACTS_EXAMPLES = `
Examples:
  $ plesio facts --list
  $ plesio facts --list --plugin ./acme.mjs --format json
`;

const RUN_EXAMPLES = `
The saga is the module's default export, a generator function: it is called with one object of the
--arg values ({} without any) and runs on each host as a scan does. Each host's report holds the
saga's final state (facts), its return value (result), errors and sources. Exit status as for scan.

Examples:
  $ plesio run ./openssl-version.mjs --inventory hosts.ini --format table
  $ plesio run ./find-files.mjs web1 db1 --arg path=/etc/ssl --arg pattern='*.pem' -o found.json
  $ plesio run ./openssl-version.mjs --inventory hosts.ini --store runs.db && plesio diff --store runs.db
`;

/**
 * Builds the program, writing to `io` and delivering each command's exit code to `done`.
 * @example
 * const program = buildProgram('0.1.0', io, (code) => (exitCode = code));
 * await program.parseAsync(['scan', '--local'], { from: 'user' });
 */
export function buildProgram(version: string, io: CliIO, done: (code: number) => void): Command {
  const program = new Command('plesio')
    .description('Discover what Unix hosts are — OS, kernel, hardware, network, filesystems — over SSH.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help with examples')
    // Every error in one style, `plesio: …`, commander's own (unknown option, missing argument) included.
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s), outputError: (s, write) => write(s.replace(/^error: /, 'plesio: ')) })
    .configureHelp({ optionDescription })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText('after', '\nRun plesio <command> --help for the options and examples of a command.\n');

  const scan = program
    .command('scan')
    .description('scan hosts over SSH (or this machine) and print what they are')
    .argument('[targets...]', 'hosts to scan: host, user@host, user@host:port, [v6addr]:port or an ssh_config alias')
    .showHelpAfterError('(plesio scan --help shows the options and examples)');
  addHostOptions(scan, 'scan')
    .optionsGroup('Facts:')
    .option('--sudo', 'allow sudo -n (never a prompt) for the facts that need root')
    .option('--facts <list>', 'only these facts, comma-separated (see plesio facts --list), default for those gathered by default; only their commands run')
    .option('--plugin <path|package>', PLUGIN_HELP, collect)
    .option('--config <file>', CONFIG_HELP)
    .option('--local-facts-exec', 'let the local fact run executable fact files on the hosts (by default they are named, never run)')
    .optionsGroup('Ansible:')
    .option('--ansible-fact-cache <dir>', 'also fill Ansible\'s jsonfile fact cache in <dir> (its fact_caching_connection), for playbooks with gather_facts: false')
    .option('--ansible-fact-cache-prefix <prefix>', 'the cache files\' prefix, Ansible\'s fact_caching_prefix (none by default)')
    .addHelpText('after', SCAN_EXAMPLES)
    .action(async (targets: string[], flags: ScanFlags) => {
      const { runScan } = await import('./scan-command.js');
      done(await runScan(targets, flags, io));
    });
  // Distributed mode: --redis/--detach/--store on scan, and the worker, results and diff commands.
  addDistributedScanOptions(scan);

  program
    .command('facts')
    .description('describe the facts a scan gathers: their commands, systems, plugins and whether they need root')
    .showHelpAfterError('(plesio facts --help shows the options and examples)')
    .option('--list', 'list the facts (the default)')
    .option('--plugin <path|package>', PLUGIN_HELP, collect)
    .option('--config <file>', CONFIG_HELP)
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', FACTS_EXAMPLES)
    .action(async (flags: PluginFlags & { format: 'table' | 'json' }) => {
      const [{ listFacts }, { loadCliPlugins }, { printing }] = await Promise.all([import('./facts-command.js'), import('./plugin-options.js'), import('./output/print.js')]);
      const set = await loadCliPlugins(flags);
      done(await printing(io.stdout, (out) => listFacts(out, flags.format, set?.registry.catalog(), new Map(set?.loaded.map((l) => [l.plugin.name, { version: l.plugin.version, file: l.file }])))));
    });

  const run = program
    .command('run')
    .description('run a saga of your own (a module\'s default export) on every host, and print each host\'s final state and return value')
    .argument('<saga>', 'the saga\'s module: a file (./inventory-saga.mjs) or an installed package')
    .argument('[targets...]', 'hosts to run it on, as for plesio scan')
    .showHelpAfterError('(plesio run --help shows the options and examples)');
  addHostOptions(run, 'run')
    .optionsGroup('Saga:')
    .option('--arg <key=value>', 'give the saga an argument: the saga is called with one object of them, { key: \'value\' } (repeatable)', collect)
    .optionsGroup('History:')
    .option('--store <file>', 'also keep each host\'s final state and return value in a SQLite scan store, for plesio diff')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (saga: string, targets: string[], flags: RunFlags) => {
      const { runSagaCommand } = await import('./run-command.js');
      done(await runSagaCommand(saga, targets, flags, io));
    });
  program
    .command('inventory')
    .description('print an Ansible dynamic inventory (--list, --host NAME) of the hosts of a stored scan, grouped by what they are')
    .showHelpAfterError('(plesio inventory --help shows the options and examples)')
    .requiredOption('--store <file>', 'the scan store (plesio scan --store FILE)')
    .option('--list', 'every group and every host with its variables (the default)')
    .option('--host <name>', 'only the variables of this host')
    .option('--run <run>', 'the stored run: an id, latest or latest~N (the latest finished scan by default)')
    .option('--prefix <prefix>', 'the prefix of the fact variables', 'plesio_')
    .addHelpText('after', INVENTORY_EXAMPLES)
    .action(async (flags: InventoryFlags) => {
      const { runInventory } = await import('./ansible-inventory-command.js');
      done(await asUsageErrors(async () => runInventory(flags, io)));
    });
  registerDistributedCommands(program, io, done);
  return program;
}

/**
 * The options `plesio scan` and `plesio run` share: which hosts, how to reach them, how many at once
 * and for how long, and where the reports go.
 */
function addHostOptions(command: Command, name: 'scan' | 'run'): Command {
  return command
    .optionsGroup('Targets:')
    .option('--local', `${name === 'scan' ? 'scan this machine' : 'run it on this machine'}, without SSH`)
    .option('--inventory <file>', 'read hosts from an Ansible inventory, INI or YAML (repeatable)', collect)
    .option('--limit <pattern>', 'only inventory hosts matching an Ansible pattern, e.g. web*:&prod:!web3, web[0:2], @retry_file')
    .option('-F, --ssh-config <file>', 'the ssh_config for aliases and host settings (default ~/.ssh/config)')
    .optionsGroup('Connection:')
    .option('-l, --user <user>', 'log in as this user where the target does not say')
    .option('-p, --port <port>', 'connect to this port where the target does not say')
    .option('-i, --identity <file>', 'a private key to authenticate with (repeatable)', collect)
    .option('--known-hosts <file>', 'the known_hosts file (default ~/.ssh/known_hosts)')
    .addOption(new Option('--host-key-policy <policy>', 'unknown host keys: refuse (strict) or record them (accept-new); a changed key is always refused').choices(['strict', 'accept-new']))
    .option('--ask-pass', 'prompt once for the SSH password, without echo')
    .option('--ask-passphrase', `prompt, before the ${name}, for the passphrase of each encrypted identity file the hosts would use`)
    .option('--password-file <file>', 'read the SSH password from a file only you can read (mode 600)')
    .option('--connect-timeout <duration>', 'give up connecting to a host after this long (default 10s or ssh_config ConnectTimeout)')
    .option('--no-pipelining', PIPELINING_HELP)
    .optionsGroup(name === 'scan' ? 'Scan:' : 'Run:')
    .option('--concurrency <n>', `hosts ${name === 'scan' ? 'scanned' : 'run'} at once (default 32)`)
    .option('--no-pacing', 'start every host\'s connections and login shells at once, instead of as many at a time as measured latency shows the hosts keep up with')
    .option('--command-timeout <duration>', 'stop any one command after this long (default 30s)')
    .option('--deadline <duration>', 'stop the whole run after this long; unfinished hosts fail with code deadline')
    .optionsGroup('Output:')
    .addOption(name === 'scan'
      ? new Option('--format <format>', 'json (an array), ndjson (a line per host, as each finishes), yaml, table, or ansible (each host\'s facts as Ansible\'s fact cache holds them)').choices(FORMATS).default('json')
      // A saga's state is not facts Ansible knows: no ansible format for plesio run.
      : new Option('--format <format>', 'json (an array), ndjson (a line per host, as each finishes), yaml or table').choices(FORMATS.filter((f) => f !== 'ansible')).default('json'))
    .option('-o, --output <file>', 'write the reports to a file instead of stdout')
    .option('--record <dir>', 'also record each host\'s commands and outputs to <dir>/<host>.json')
    .option('--replay <path>', `${name === 'scan' ? 'scan' : 'run it on'} recordings instead of hosts: a fixture file, or a --record directory`)
    .option('--trace <file>', 'write a Chrome trace of every effect of every host (open it in ui.perfetto.dev)')
    .option('-q, --quiet', 'no progress bar and no summary on stderr');
}
