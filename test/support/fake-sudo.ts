/**
 * Stand-ins for `sudo` on a PATH, so the `sudo -n` paths are tested the same way whether or not the
 * machine has sudo installed (and whether or not the tests run as root).
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type TestSshd } from './sshd.js';

/** Writes `dir/refusing/sudo` (refuses like sudo without a password) and `dir/allowing/sudo` (runs its command). */
export async function fakeSudos(dir: string): Promise<{ refusing: string; allowing: string; none: string }> {
  const refusing = join(dir, 'refusing');
  const allowing = join(dir, 'allowing');
  const none = join(dir, 'none');
  await Promise.all([mkdir(refusing, { recursive: true }), mkdir(allowing, { recursive: true }), mkdir(none, { recursive: true })]);
  await writeFile(join(refusing, 'sudo'), '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n');
  // Drops `-n --` the way sudo parses them, then runs the rest.
  await writeFile(join(allowing, 'sudo'), '#!/bin/sh\n[ "$1" = -n ] && shift\n[ "$1" = -- ] && shift\nexec "$@"\n');
  await chmod(join(refusing, 'sudo'), 0o755);
  await chmod(join(allowing, 'sudo'), 0o755);
  return { refusing, allowing, none };
}

/** A loopback sshd whose sessions find the refusing `sudo` first on their PATH, and the directory it lives in. */
export interface RefusingSudoSshd {
  sshd: TestSshd;
  /** A private temporary directory, removed by `stop()`; tests may keep files there. */
  dir: string;
  /** The directory of the refusing `sudo`. */
  refusingSudo: string;
  stop(): Promise<void>;
}

/**
 * Starts an sshd whose `sudo -n` refuses like a real one without a password: the refusal tests then
 * behave the same whether or not sudo is installed here.
 */
export async function startRefusingSudoSshd(prefix: string): Promise<RefusingSudoSshd> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const refusingSudo = (await fakeSudos(dir)).refusing;
  const sshd = await startSshd({ env: { PATH: `${refusingSudo}:/usr/local/bin:/usr/bin:/bin` } }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    sshd,
    dir,
    refusingSudo,
    async stop() {
      await sshd.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
