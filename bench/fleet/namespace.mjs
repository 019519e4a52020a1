/**
 * A network namespace for the fleet bench, and the veth pair that joins it to this one: the bench's
 * hosts get addresses of their own in there, so each is reached as a separate machine on port 22 would
 * be, and nothing of theirs listens on this machine's own addresses. Addresses come from 198.18.0.0/15,
 * the range set aside for benchmarks (RFC 2544), one /24 the bench finds unused here.
 *
 * Everything made here is undone by `remove()`, or on SIGINT, SIGTERM, SIGHUP or exit (cleanup.mjs):
 * the processes started in the namespace are killed, the namespace and the veth pair deleted. Needs
 * root (`ip netns`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { atExit } from './cleanup.mjs';

const run = promisify(execFile);

/**
 * Creates the namespace with `hosts` addresses on its side of the veth pair; resolves to
 * { name, clientAddress, hostAddresses, exec(args), track(pid), remove() }. `exec(args)` is the argv
 * prefix that runs a program inside it; `track(pid)` has remove() kill that process group too.
 */
export async function createNamespace(hosts) {
  if (!(hosts >= 1 && hosts <= 200)) throw new Error(`hosts must be 1 to 200, not ${hosts}`);
  const tag = `${process.pid % 100_000}`;
  const name = `plesio-fleet-${tag}`;
  const outside = `pfa${tag}`;
  const inside = `pfb${tag}`;
  const subnet = await freeSubnet();
  const clientAddress = `${subnet}.1`;
  const hostAddresses = Array.from({ length: hosts }, (_, i) => `${subnet}.${10 + i}`);
  const pids = new Set();
  const state = { done: false };
  const removeSync = () => {
    if (state.done) return;
    state.done = true;
    for (const pid of pids) killGroup(pid);
    // Deleting the namespace deletes the veth end inside it, and with it the pair.
    try { execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' }); } catch { /* already gone */ }
    try { execFileSync('ip', ['link', 'del', outside], { stdio: 'ignore' }); } catch { /* went with the namespace */ }
  };
  const done = atExit(removeSync);
  try {
    await run('ip', ['netns', 'add', name]);
    await run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
    await run('ip', ['link', 'set', inside, 'netns', name]);
    await run('ip', ['addr', 'add', `${clientAddress}/24`, 'dev', outside]);
    await run('ip', ['link', 'set', outside, 'up']);
    await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    for (const address of hostAddresses) await run('ip', ['-n', name, 'addr', 'add', `${address}/24`, 'dev', inside]);
    await run('ip', ['-n', name, 'link', 'set', inside, 'up']);
  } catch (error) {
    removeSync();
    done();
    throw new Error(`could not set up the network namespace (${error.message.split('\n')[0]}); it needs root and iproute2`);
  }
  return {
    name,
    clientAddress,
    hostAddresses,
    exec: (args) => ['ip', 'netns', 'exec', name, ...args],
    track: (pid) => void pids.add(pid),
    async remove() {
      removeSync();
      done();
    },
  };
}

/** A /24 of 198.18.0.0/15 that no interface here uses yet (another bench run may hold one). */
async function freeSubnet() {
  const { stdout } = await run('ip', ['-o', '-4', 'addr', 'show']);
  for (let i = 0; i < 512; i++) {
    const subnet = `198.${18 + (i >> 8)}.${(process.pid + i) % 256}`;
    if (!stdout.includes(` ${subnet}.`)) return subnet;
  }
  throw new Error('no free /24 in 198.18.0.0/15');
}

/** Kills a process group started detached (the process is its leader), then the process itself. */
function killGroup(pid) {
  for (const target of [-pid, pid]) {
    try { process.kill(target, 'SIGKILL'); } catch { /* gone */ }
  }
}
