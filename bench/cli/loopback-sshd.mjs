// Throw-away OpenSSH servers on 127.0.0.1 for the fleet benchmark: each in a temporary directory with
// its own host key, all trusting one client key; a shared known_hosts lists every server. The sshd
// plumbing is shared with the other benches in ../executors/sshd.mjs.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, inTempDir, keyPair, spawnSshd, stopSshd, writeSshdConfig } from '../executors/sshd.mjs';

/** Starts `count` servers; resolves to { dir, clientKey, knownHosts, ports, stop() }. */
export async function startServers(count) {
  return inTempDir('plesio-bench-', async (dir) => {
    const clientKey = join(dir, 'client_ed25519');
    const authorizedKeysFile = join(dir, 'authorized_keys');
    await writeFile(authorizedKeysFile, `${await keyPair(clientKey)}\n`, { mode: 0o600 });
    const children = [];
    const ports = [];
    const known = [];
    const stopAll = () => Promise.all(children.map((child) => stopSshd(child)));
    try {
      for (let i = 0; i < count; i++) {
        const hostKey = join(dir, `host${i}_ed25519`);
        const publicKey = await keyPair(hostKey);
        const port = await freePort();
        const config = join(dir, `sshd${i}_config`);
        await writeSshdConfig(config, { port, hostKey, pidFile: join(dir, `sshd${i}.pid`), authorizedKeysFile }, [
          // A fleet opens hundreds of connections at once; OpenSSH's default 10:30:100 would drop some.
          'MaxStartups 512',
          // As the other benches' servers: the machine's own ~/.bashrc (pyenv init here: ~200 ms of
          // CPU per login shell) would make a fleet of 32 at once time out instead of measuring plesio.
          'SetEnv SHLVL=1',
        ]);
        children.push(await spawnSshd(config, port));
        ports.push(port);
        known.push(`[127.0.0.1]:${port} ${publicKey}`);
      }
      const knownHosts = join(dir, 'known_hosts');
      await writeFile(knownHosts, `${known.join('\n')}\n`, { mode: 0o600 });
      return {
        dir,
        clientKey,
        knownHosts,
        ports,
        async stop() {
          await stopAll();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // inTempDir removes the directory; the servers already started must go first.
      await stopAll();
      throw error;
    }
  });
}
