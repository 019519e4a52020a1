/**
 * Stand-ins for `sudo` on a PATH, so the `sudo -n` paths are tested the same way whether or not the
 * machine has sudo installed (and whether or not the tests run as root).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
