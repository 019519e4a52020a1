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
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuCgroup } from '../executors/cpu-cgroup.mjs';
import { startLoopbackSshd } from '../executors/sshd.mjs';

const run = promisify(execFile);

/**
 * Starts the server; resolves to { host, port, user, clientKeyPath, knownHostsPath, hostKey, rcMs, stop,
 * loginShells, hostCpuMs }: `hostKey` ("type base64") lets a caller trust the same server behind another
 * address, such as a proxy; `loginShells()` counts the login shells started so far (the rc file counts
 * itself); `hostCpuMs()` is the CPU time (user + system) the server and everything it started have
 * used so far, counted by a cgroup of its own where this process can make one (as root); otherwise
 * only what sshd reaped (a session shell that outlives its connection then escapes the count), which
 * `cpuAccounting` says.
 */
export async function startSlowSshd({ rcMs = 80, rcKind = 'sleep' } = {}) {
  let counter;
  const { dir, host, port, user, clientKeyPath, knownHostsPath, hostKey, stop } = await startLoopbackSshd({
    prefix: 'plesio-bench-slowrc-',
    async extraLines(dir) {
      const rc = join(dir, 'slow-rc.sh');
      counter = join(dir, 'login-shells');
      const work = rcKind === 'cpu' ? `i=0; while [ $i -lt ${await loopsFor(rcMs)} ]; do i=$((i+1)); done` : `sleep ${(rcMs / 1000).toFixed(3)}`;
      await writeFile(rc, `[ -n "$PLESIO_BENCH_RC_DONE" ] || { PLESIO_BENCH_RC_DONE=1; export PLESIO_BENCH_RC_DONE; printf x >> ${counter}; ${work}; }\n`);
      return ['MaxStartups 200', `SetEnv SHLVL=1 BASH_ENV=${rc}`];
    },
  });
  const pid = Number((await readFile(join(dir, 'sshd.pid'), 'utf8')).trim());
  const cgroup = await cpuCgroup(`plesio-bench-${process.pid}-${pid}`);
  await cgroup?.add(pid);
  return {
    host, port, user, clientKeyPath, knownHostsPath, hostKey, rcMs, rcKind,
    /** How the host CPU is counted: a cgroup of the server's own, or only the sessions it reaped. */
    cpuAccounting: cgroup === undefined ? 'reaped sessions only (no writable cgroup here)' : 'cgroup',
    loginShells: async () => (await readFile(counter, 'utf8').catch(() => '')).length,
    hostCpuMs: cgroup?.cpuMs ?? (async () => {
      // Fields 16 and 17 after the command name: cutime and cstime, in clock ticks (100 a second here).
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[13]) + Number(fields[14])) * 10;
    }),
    async stop() {
      await stop();
      await cgroup?.remove();
    },
  };
}

/** Iterations of a bash counting loop that take about `ms` of CPU here (the best of three timings). */
export async function loopsFor(ms) {
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

