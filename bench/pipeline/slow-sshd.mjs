/**
 * A throw-away loopback sshd whose login shell spends `rcMs` in its rc file, as a `.bashrc` loading
 * pyenv, conda or a corporate profile does: asleep (`rcKind: 'sleep'`, the default) or busy on the CPU
 * (`'cpu'`, a shell loop calibrated on this machine, closer to what pyenv's init does). Nothing outside
 * its temporary directory changes: no user is created and no home file is touched. The sessions get
 * `BASH_ENV` (which non-interactive bash reads, as sshd's `bash -c` reads `.bashrc`) pointing at an rc
 * file that runs once per session — an exported variable keeps shells started inside the session from
 * running it again, like `.bashrc` behind SHLVL — and `SHLVL=1`, so the user's own `.bashrc` is skipped
 * and only the simulated one counts.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { freePort, waitForPort } from '../executors/sshd.mjs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/**
 * Starts the server; resolves to { host, port, user, clientKeyPath, knownHostsPath, hostKey, rcMs, stop }:
 * `hostKey` ("type base64") lets a caller trust the same server behind another address, such as a proxy.
 */
export async function startSlowSshd({ rcMs = 80, rcKind = 'sleep' } = {}) {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing; install it: apt-get install -y openssh-server`);
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-slowrc-'));
  try {
    const key = async (name) => {
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, name)]);
      return (await readFile(join(dir, `${name}.pub`), 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    };
    const hostKey = await key('host_key');
    const clientKey = await key('client_key');
    await writeFile(join(dir, 'authorized_keys'), `${clientKey}\n`, { mode: 0o600 });
    const rc = join(dir, 'slow-rc.sh');
    const work = rcKind === 'cpu' ? `i=0; while [ $i -lt ${await loopsFor(rcMs)} ]; do i=$((i+1)); done` : `sleep ${(rcMs / 1000).toFixed(3)}`;
    await writeFile(rc, `[ -n "$PLESIO_BENCH_RC_DONE" ] || { PLESIO_BENCH_RC_DONE=1; export PLESIO_BENCH_RC_DONE; ${work}; }\n`);
    const port = await freePort();
    await writeFile(join(dir, 'sshd_config'), [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PermitRootLogin yes',
      'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'MaxSessions 10', 'MaxStartups 200', 'LogLevel ERROR',
      `SetEnv SHLVL=1 BASH_ENV=${rc}`, '',
    ].join('\n'));
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
    const host = '127.0.0.1';
    await waitForPort(host, port);
    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(knownHostsPath, `[${host}]:${port} ${hostKey}\n`);
    return {
      host,
      port,
      user: userInfo().username,
      clientKeyPath: join(dir, 'client_key'),
      knownHostsPath,
      hostKey,
      rcMs,
      rcKind,
      async stop() {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try { process.kill(-child.pid, 'SIGTERM'); } catch { child.kill('SIGTERM'); }
        await exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Iterations of a bash counting loop that take about `ms` of CPU here (the best of three timings). */
async function loopsFor(ms) {
  const n = 50_000;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    // bash's `time` reports the loop's CPU time (user and system seconds) on stderr.
    const { stderr } = await run('bash', ['-c', `TIMEFORMAT='%U %S'; time (i=0; while [ $i -lt ${n} ]; do i=$((i+1)); done)`]);
    const [user, sys] = stderr.trim().split(/\s+/).map(Number);
    best = Math.min(best, (user + sys) * 1000);
  }
  return Math.max(1, Math.round((n * ms) / best));
}

