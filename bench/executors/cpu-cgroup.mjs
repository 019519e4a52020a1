/**
 * CPU accounting by cgroup for the benchmarks: a group holds a process and everything it starts (so the
 * sessions an sshd forks, or the ssh clients Ansible spawns, are all counted, even those that outlive
 * their parent), and its usage is read back in ms of CPU (user + system). cgroup v2 where this machine
 * mounts it (usage_usec is in every v2 group's cpu.stat, no controller needed), else v1's cpuacct. Needs
 * root; where no group can be made the callers fall back to something coarser and say so.
 */
import { rmdirSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The hierarchies to try, v2 first: where its mount is, and how a group's usage reads there. */
async function hierarchies() {
  const mounts = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  const v2 = [];
  const v1 = [];
  for (const line of mounts.split('\n')) {
    const [, dir, type, opts] = line.split(' ');
    if (type === 'cgroup2') v2.push({ root: dir, kind: 'cgroup v2', read: async (d) => Number(/usage_usec (\d+)/.exec(await readFile(join(d, 'cpu.stat'), 'utf8'))?.[1]) / 1000 });
    else if (type === 'cgroup' && opts?.split(',').includes('cpuacct')) v1.push({ root: dir, kind: 'cgroup v1 (cpuacct)', read: async (d) => Number(await readFile(join(d, 'cpuacct.usage'), 'utf8')) / 1e6 });
  }
  // v2 first: one group counts everything, with no controller to enable.
  return [...v2, ...v1];
}

/**
 * Makes a CPU-accounting group named `name` (a path under the hierarchy's root; parents are made too);
 * resolves to { kind, dir, cpuMs(), add(pid), procs(), remove() }, or undefined where none can be made
 * (not root, no cgroup file system). `remove()` waits (up to 5 s) for the group to empty, then removes
 * it; `removeSync()` does the same synchronously (up to 2 s), for a clean-up at exit.
 */
export async function cpuCgroup(name) {
  for (const { root, kind, read } of await hierarchies()) {
    const dir = join(root, name);
    try {
      await mkdir(dir, { recursive: true });
    } catch {
      continue;
    }
    try {
      const first = await read(dir);
      if (!Number.isFinite(first)) throw new Error('no CPU usage there');
      return {
        kind,
        dir,
        cpuMs: () => read(dir),
        add: (pid) => writeFile(join(dir, 'cgroup.procs'), String(pid)),
        procs: async () => (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number),
        remove: () => removeGroup(dir),
        removeSync: () => removeGroupSync(dir),
      };
    } catch {
      await rmdir(dir).catch(() => undefined);
    }
  }
  return undefined;
}

/** Removes a group once the processes it held are gone (a group with processes cannot be removed). */
async function removeGroup(dir) {
  for (let i = 0; i < 50; i++) {
    try {
      return await rmdir(dir);
    } catch (error) {
      if (error.code === 'ENOENT') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** removeGroup, synchronously: for a clean-up that runs at exit. */
function removeGroupSync(dir) {
  for (let i = 0; i < 20; i++) {
    try {
      return rmdirSync(dir);
    } catch (error) {
      if (error.code === 'ENOENT') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/**
 * A CPU count read by `read()` once it stops changing (a just-ended session is reaped there a moment
 * later): at least three reads 25 ms apart, at most `tries`.
 */
export async function settledCpuMs(read, tries = 40) {
  let last = await read();
  for (let i = 0; i < tries; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const now = await read();
    if (Math.abs(now - last) < 0.5 && i >= 2) return now;
    last = now;
  }
  return last;
}
