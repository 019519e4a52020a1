/**
 * Real Ansible for the tests, isolated in a temporary directory: its configuration, home, local and
 * remote temporary directories, SSH control sockets and fact cache all live there (nothing lands in
 * ~/.ansible, on this side or on the loopback "remote"), and host keys are checked against the test
 * server's known_hosts, strictly. A missing Ansible fails with the command that installs it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestSshd } from './sshd.js';

const BIN = '/usr/bin';

/** What one Ansible command printed. */
export interface AnsibleRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** An isolated Ansible set-up. */
export interface AnsibleEnv {
  /** Its directory (a part of the caller's temporary directory). */
  readonly dir: string;
  /** An INI inventory with the test server as host `target`. */
  readonly inventory: string;
  /** The environment every Ansible command here runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `ansible`, `ansible-playbook` or `ansible-inventory`, with the fact cache in `cacheDir` when given. */
  run(command: 'ansible' | 'ansible-playbook' | 'ansible-inventory', args: readonly string[], options?: { cacheDir?: string; env?: NodeJS.ProcessEnv }): Promise<AnsibleRun>;
}

/** Throws, naming the package to install, unless Ansible's commands are installed. */
export function requireAnsible(): void {
  for (const command of ['ansible', 'ansible-playbook', 'ansible-inventory']) {
    if (!existsSync(join(BIN, command))) throw new Error(`${BIN}/${command} is missing; the Ansible tests need it: apt-get install -y ansible-core`);
  }
}

/**
 * Writes `dir`/ansible.cfg for an isolated set-up whose servers' keys are in `knownHostsPath`, with
 * `defaults` added to its `[defaults]`, and makes the directories it names; returns its path. The
 * Ansible benchmark (bench/ansible) uses it too.
 */
export async function writeAnsibleConfig(dir: string, knownHostsPath: string, defaults: readonly string[] = []): Promise<string> {
  for (const sub of ['home', 'ansible-home', 'local-tmp', 'remote-tmp', 'cp']) await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
  const config = join(dir, 'ansible.cfg');
  await writeFile(config, [
    '[defaults]',
    'host_key_checking = True',
    'retry_files_enabled = False',
    'interpreter_python = auto_silent',
    'nocolor = True',
    'deprecation_warnings = False',
    `remote_tmp = ${join(dir, 'remote-tmp')}`,
    `local_tmp = ${join(dir, 'local-tmp')}`,
    'fact_caching = jsonfile',
    ...defaults,
    '[ssh_connection]',
    // Every connection checks the server's key against the given known_hosts, strictly.
    `ssh_args = -o UserKnownHostsFile=${knownHostsPath} -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o ControlMaster=no`,
    `control_path_dir = ${join(dir, 'cp')}`,
    '',
  ].join('\n'));
  return config;
}

/**
 * The environment of Ansible's commands for the set-up in `dir`: its own home and configuration, no
 * SSH agent, and no other `ANSIBLE_*` setting of the caller's.
 */
export function ansibleEnvironment(dir: string, config: string): NodeJS.ProcessEnv {
  const own = { HOME: join(dir, 'home'), ANSIBLE_CONFIG: config, ANSIBLE_HOME: join(dir, 'ansible-home'), ANSIBLE_FORCE_COLOR: '0' };
  const env: NodeJS.ProcessEnv = { ...process.env, ...own };
  delete env['SSH_AUTH_SOCK'];
  for (const key of Object.keys(env)) if (key.startsWith('ANSIBLE_') && !Object.hasOwn(own, key)) delete env[key];
  return env;
}

/**
 * Sets up Ansible in `dir` to reach `sshd` as inventory host `name`.
 * @example
 * const ansible = await ansibleEnv(join(tmp, 'ansible'), sshd);
 * await ansible.run('ansible', ['all', '-i', ansible.inventory, '-m', 'ping']);
 */
export async function ansibleEnv(dir: string, sshd: TestSshd, name = 'target'): Promise<AnsibleEnv> {
  requireAnsible();
  const config = await writeAnsibleConfig(dir, sshd.knownHostsPath, ['fact_caching_timeout = 86400']);
  const inventory = join(dir, 'hosts.ini');
  await writeFile(inventory, `${name} ansible_host=${sshd.host} ansible_port=${sshd.port} ansible_user=${sshd.user} ansible_ssh_private_key_file=${sshd.clientKeyPath}\n`);
  const env = ansibleEnvironment(dir, config);
  return {
    dir,
    inventory,
    env,
    run(command, args, options = {}) {
      const runEnv = { ...env, ...(options.cacheDir !== undefined && { ANSIBLE_CACHE_PLUGIN_CONNECTION: options.cacheDir }), ...options.env };
      return new Promise((resolve, reject) => {
        execFile(join(BIN, command), [...args], { env: runEnv, cwd: dir, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error !== null && typeof error.code !== 'number') return reject(new Error(`${command} ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
          resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
        });
      });
    },
  };
}

/** The Python Ansible runs on (its commands' `#!` line), which can import its modules. */
export function ansiblePython(): string {
  requireAnsible();
  const shebang = readFileSync(join(BIN, 'ansible'), 'utf8').split('\n', 1)[0] ?? '';
  const python = /^#!\s*(\S+)/.exec(shebang)?.[1];
  if (python === undefined || python.endsWith('/env')) return 'python3';
  return python;
}
