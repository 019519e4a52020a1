/**
 * Command construction is injection-safe. Every path by which a value reaches a shell — `shellQuote`,
 * the `sh` template, the `sudo -n` wrapping, the local executor and the SSH executor — is fed hostile
 * values and run by a real `/bin/sh`, which must see each value as one literal word. The shells run with
 * a PATH holding only stand-ins for `rm`, `reboot`, `touch`…, which write a canary file when called: if
 * quoting ever broke, the test would see the canary instead of running the real command.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sh, shellQuote } from '../../src/effects/quote.js';
import { localExecutor } from '../../src/executors/local.js';
import { sudoCommand } from '../../src/executors/sudo.js';
import { activeResources, leftBehind } from '../support/faults/leaks.js';
import { executorsFor } from '../support/ssh-executors.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const STANDINS = ['rm', 'reboot', 'touch', 'shutdown', 'id', 'cat', 'curl', 'sh', 'bash'];

let dir: string;
let bin: string;
let canary: string;
let sshd: TestSshd;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-injection-'));
  bin = join(dir, 'bin');
  canary = join(dir, 'canary');
  await mkdir(bin);
  for (const name of STANDINS) {
    await writeFile(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${canary}'\n`);
    await chmod(join(bin, name), 0o755);
  }
  // sudo runs its command, dropping `-n --` as the real one parses them.
  await writeFile(join(bin, 'sudo'), '#!/bin/sh\n[ "$1" = -n ] && shift\n[ "$1" = -- ] && shift\nexec "$@"\n');
  await chmod(join(bin, 'sudo'), 0o755);
  sshd = await startSshd({ env: { PATH: bin } });
});
afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Values meant to break out of a word; the commands they name are the stand-ins. */
function hostileValues(): string[] {
  return [
    'eth0;rm -rf /',
    '$(reboot)',
    '`reboot`',
    'eth0 && reboot',
    'eth0 || reboot',
    'eth0 | reboot',
    'eth0 & reboot',
    'eth0\nreboot',
    'eth0\rreboot',
    `zone'; reboot; echo '`,
    'zone"; reboot; echo "',
    "it's",
    "'",
    "''",
    '\\',
    "\\'",
    '$HOME',
    '${IFS}reboot',
    '$((1+1))',
    '> ' + join(dir, 'redirected'),
    '< /etc/passwd',
    '*',
    '?',
    '[a-z]*',
    '~root',
    '-rf',
    '--help',
    '#comment',
    '!!',
    '{a,b}',
    '   ',
    'tab\there',
    '',
    'ünïcødé ✓ 日本',
    `$(touch ${join(dir, 'touched')})`,
  ];
}

/** Runs `command` with `/bin/sh -c` and PATH = the stand-ins; returns stdout. */
async function runShell(command: string): Promise<string> {
  const { stdout } = await promisify(execFile)('/bin/sh', ['-c', command], { env: { PATH: bin }, cwd: dir, encoding: 'utf8' });
  return stdout;
}

/** A command printing each value followed by a NUL byte: a value split in two words shows as two. */
const printing = (values: readonly string[]): string => `printf '%s\\0' ${values.map(shellQuote).join(' ')}`;
const words = (stdout: string): string[] => (stdout === '' ? [] : stdout.slice(0, -1).split('\0'));

async function nothingRan(): Promise<void> {
  expect(existsSync(canary) ? await readFile(canary, 'utf8') : '').toBe('');
  expect((await readdir(dir)).filter((f) => f !== 'bin').sort()).toEqual([]);
}

// Arbitrary text a host or a user could hand over: any code point but NUL, which no shell word holds.
const arbitraryValue = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, '')).filter((s) => !/[\uD800-\uDFFF]/u.test(s));

describe('a hostile value stays one literal word', () => {
  test('the stand-ins catch a value that was not quoted', async () => {
    await runShell(`printf '%s\\0' ${hostileValues()[0]!}`);
    expect(await readFile(canary, 'utf8')).toBe('rm -rf /\n');
    await rm(canary);
  });

  test('shellQuote, through /bin/sh', async () => {
    expect(words(await runShell(printing(hostileValues())))).toEqual(hostileValues());
    await nothingRan();
  });

  test('the sh template, single values and arrays, through /bin/sh', async () => {
    const values = hostileValues();
    expect(words(await runShell(sh`printf '%s\\0' ${values}`))).toEqual(values);
    // One value per command, the commands joined into one script: each is still one word, then 'end'.
    const script = values.map((value) => sh`printf '%s\\0' ${value} ${'end'}`).join('; ');
    expect(words(await runShell(script))).toEqual(values.flatMap((value) => [value, 'end']));
    await nothingRan();
  });

  test('the sudo -n wrapping of a command built with sh, through /bin/sh and sudo', async () => {
    const values = hostileValues();
    expect(words(await runShell(sudoCommand(sh`printf '%s\\0' ${values}`)))).toEqual(values);
    // Wrapped twice: each layer of quoting survives the other.
    expect(words(await runShell(sudoCommand(sudoCommand(sh`printf '%s\\0' ${values}`))))).toEqual(values);
    await nothingRan();
  });

  test('arbitrary text, through shellQuote, sh and sudo', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryValue, { minLength: 1, maxLength: 60 }), async (values) => {
        expect(words(await runShell(printing(values)))).toEqual(values);
        expect(words(await runShell(sudoCommand(sh`printf '%s\\0' ${values}`)))).toEqual(values);
      }),
      // Each run starts two shells: few runs of many values each.
      { numRuns: 25 },
    );
    await nothingRan();
  });

  test('the local executor, with and without sudo', async () => {
    const local = localExecutor({ env: { PATH: bin }, sudoWhenRoot: true });
    try {
      for (const sudo of [false, true]) {
        const result = await local.exec(sh`printf '%s\\0' ${hostileValues()}`, { sudo });
        expect(words(result.stdout)).toEqual(hostileValues());
      }
    } finally {
      await local.close();
    }
    await nothingRan();
  });

  test('the SSH executor, with and without sudo, through a real sshd and the login shell', async () => {
    const before = activeResources();
    const executor = executorsFor(() => sshd);
    try {
      const host = executor({ sudoWhenRoot: true });
      for (const sudo of [false, true]) {
        const result = await host.exec(sh`printf '%s\\0' ${hostileValues()}`, { sudo, timeoutMs: 10_000 });
        expect(words(result.stdout)).toEqual(hostileValues());
      }
    } finally {
      await executor.closeAll();
    }
    await nothingRan();
    expect(await leftBehind(before)).toEqual({});
  });
});

describe('no command is built from a value without quoting', () => {
  // The hosts' commands are constants today; this keeps a future `command: \`ip addr show ${name}\``
  // (instead of sh`ip addr show ${name}`) from slipping in unquoted.
  test('no command, exec() argument or sudo wrapping in src is an untagged template with ${…}', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, 'utf8');
      const pattern = /(\bcommand\s*[:=]|\bexec\(|\bexecOnChannel\()\s*`[^`]*\$\{/g;
      for (const match of text.matchAll(pattern)) offenders.push(`${file.slice(SRC.length + 1)}:${text.slice(0, match.index).split('\n').length}`);
    }
    expect(offenders).toEqual([]);
  });
});

async function sourceFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}
