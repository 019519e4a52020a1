/**
 * The fleet bench's hosts: N OpenSSH servers in the bench's network namespace, one address each, port
 * 22, each with its own host key, its own HOME and its own CPU-accounting cgroup, all trusting one client
 * key. The login shell is root's bash, and each host's HOME holds a `.bashrc` that spends `rcMs` of CPU
 * (a shell loop calibrated here), as pyenv's or conda's init does: sshd sets HOME from the server's
 * `SetEnv`, and bash reads `~/.bashrc` for every command sshd runs (Debian's bash is built to), so the
 * simulated rc file runs once per login shell and this machine's own ~/.bashrc never does. The rc file
 * counts its runs. With `oneWayMs`, a relay in the namespace (relay.mjs) also listens on port 2222 of
 * every host and delays each direction, as a network round trip of 2 × oneWayMs would.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuCgroup } from '../executors/cpu-cgroup.mjs';
import { inTempDir, keyPair, spawnSshd, stopSshd, writeSshdConfig } from '../executors/sshd.mjs';
import { loopsFor } from '../pipeline/slow-sshd.mjs';
import { atExit } from './cleanup.mjs';

const RELAY = fileURLToPath(new URL('./relay.mjs', import.meta.url));
/** Where the relay listens on every host, in front of its port 22. */
export const DELAYED_PORT = 2222;

/**
 * Starts one server per address of `ns` (namespace.mjs); resolves to { dir, clientKeyPath,
 * knownHostsPath, hosts: [{ address, cpuMs(), loginShells() }], cpuAccounting, stop() }. The cgroups
 * and the directory go at exit too (cleanup.mjs), after the namespace's processes are killed.
 */
export async function startFleetHosts(ns, { rcMs = 130, oneWayMs = 10 } = {}) {
  return inTempDir('plesio-bench-fleet-', async (dir) => {
    const undo = [atExit(() => rmSync(dir, { recursive: true, force: true }))];
    const clientKeyPath = join(dir, 'client_key');
    const authorizedKeysFile = join(dir, 'authorized_keys');
    await writeFile(authorizedKeysFile, `${await keyPair(clientKeyPath)}\n`, { mode: 0o600 });
    const loops = await loopsFor(rcMs);
    const hosts = [];
    const known = [];
    const children = [];
    let relay;
    const stop = async () => {
      relay?.kill('SIGTERM');
      await Promise.all(children.map((child) => stopSshd(child)));
      for (const host of hosts) await host.group?.remove();
      await rm(dir, { recursive: true, force: true });
      for (const done of undo) done();
    };
    try {
      for (const [i, address] of ns.hostAddresses.entries()) {
        const own = join(dir, `h${i}`);
        const home = join(own, 'home');
        await mkdir(home, { recursive: true });
        const counter = join(own, 'login-shells');
        await writeFile(join(home, '.bashrc'), `# a slow rc file, as pyenv init is: ${rcMs} ms of CPU\nprintf x >> ${counter}\ni=0; while [ $i -lt ${loops} ]; do i=$((i+1)); done\n`);
        const hostKey = await keyPair(join(own, 'host_key'));
        known.push(`${address} ${hostKey}`, `[${address}]:${DELAYED_PORT} ${hostKey}`);
        const config = join(own, 'sshd_config');
        await writeSshdConfig(config, { port: 22, hostKey: join(own, 'host_key'), pidFile: join(own, 'sshd.pid'), authorizedKeysFile, listen: [`${address}:22`] }, [
          'MaxStartups 200', `SetEnv HOME=${home}`,
        ]);
        const group = await cpuCgroup(`plesio-fleet-${process.pid}-h${i}`);
        if (group !== undefined) undo.push(atExit(() => group.removeSync()));
        const host = { address, group, cpuMs: async () => (group === undefined ? NaN : group.cpuMs()), loginShells: async () => (await readFile(counter, 'utf8').catch(() => '')).length };
        hosts.push(host);
        const child = await spawnSshd(config, 22, { host: address, wrap: ns.exec([]), started: async (c) => { ns.track(c.pid); await group?.add(c.pid); } });
        children.push(child);
      }
      const knownHostsPath = join(dir, 'known_hosts');
      await writeFile(knownHostsPath, `${known.join('\n')}\n`);
      relay = await startRelay(ns, oneWayMs);
      return { dir, clientKeyPath, knownHostsPath, hosts, cpuAccounting: hosts[0].group?.kind ?? 'none (no writable cgroup here)', stop };
    } catch (error) {
      await stop();
      throw error;
    }
  });
}

/** The delay relay inside the namespace, in front of every host; resolves once it listens. */
async function startRelay(ns, oneWayMs) {
  const routes = ns.hostAddresses.map((a) => `${a}:${DELAYED_PORT}=${a}:22`);
  const argv = ns.exec([process.execPath, RELAY, String(oneWayMs), ...routes]);
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  ns.track(child.pid);
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s) => {
      out += s;
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the delay relay exited (${code}) before it was ready`)));
  });
  return child;
}
