/**
 * The `local` fact: its script run by the real /bin/sh (dash here) and BusyBox's sh against facts.d
 * folders in a temporary directory, its pure parser on framed outputs, and its saga, which runs
 * executable fact files only when the scan allows it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../../src/effects/exec.js';
import { getContext } from '../../../src/effects/context.js';
import { localExecutor } from '../../../src/executors/local.js';
import { mockExecutor } from '../../../src/executors/mock.js';
import { localFactsCommand, type LocalFactsDir } from '../../../src/hosts/local/command.js';
import { localFactFiles, parseIni, parseKeyValue, parseLocalFacts } from '../../../src/hosts/local/parse.js';
import { LOCAL_FACTS_EXEC, localFactsSaga } from '../../../src/hosts/local/saga.js';
import { scanHost } from '../../../src/hosts/scan.js';
import { factContext } from '../../../src/testing/run-fact.js';

let root: string;
let dirs: LocalFactsDir[];
const yaml = (text: string): unknown => parseYaml(text);

/** Runs the script with `shell` against the test folders. */
async function scriptOutput(options: { exec: boolean; limits?: Parameters<typeof localFactsCommand>[0]['limits'] }, shell = '/bin/sh'): Promise<string> {
  const executor = localExecutor({ shell });
  try {
    const out = await executor.exec(localFactsCommand({ ...options, dirs }), { timeoutMs: 30_000 });
    expect(out.code).toBe(0);
    return out.stdout;
  } finally {
    await executor.close();
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plesio-local-facts-'));
  dirs = [
    { path: join(root, 'plesio'), kind: 'plesio' },
    { path: join(root, 'ansible'), kind: 'ansible' },
    { path: join(root, 'facter'), kind: 'facter' },
    { path: join(root, 'absent'), kind: 'facter' },
  ];
  const file = (path: string, text: string, mode = 0o644): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    chmodSync(join(root, path), mode);
  };
  file('plesio/app.json', '{"tier": "web", "ports": [80, 443]}\n');
  file('plesio/backup.yaml', 'schedule: nightly\nkeep: 7\n');
  file('plesio/owner.ini', '; who\n[team]\nname = infra\nchannel: #ops\n');
  file('plesio/dc.txt', 'dc=par1\nrack = r12\n');
  // A file whose lines look like the script's own headers must stay content.
  file('plesio/tricky.txt', 'F evil.json\nD 9\nkey=value\n');
  file('plesio/broken.json', '{"tier": ');
  file('plesio/README', 'not a fact file\n');
  file('plesio/big.json', `{"pad": "${'x'.repeat(70_000)}"}`);
  file('plesio/probe.sh', `#!/bin/sh\ntouch ${join(root, 'ran')}\necho '{"probed": true}'\n`, 0o755);
  file('ansible/role.fact', '{"role": "db"}\n');
  file('ansible/legacy.fact', '[general]\nowner = ops\n');
  file('ansible/ignored.json', '{"not": "read by Ansible"}\n');
  file('facter/site.txt', 'site=par\n# a comment\nenv=prod\n');
  file('facter/more.yaml', 'env: staging\nteam: sre\n');
  file('facter/failing.sh', '#!/bin/sh\necho half\nexit 3\n', 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the local facts script, run by a real shell', () => {
  it('reads every data file by its folder\'s rules, names what it could not read, and runs nothing', async () => {
    const local = parseLocalFacts(await scriptOutput({ exec: false }), yaml, dirs);
    expect(local.plesio).toEqual({
      app: { tier: 'web', ports: [80, 443] },
      backup: { schedule: 'nightly', keep: 7 },
      dc: { dc: 'par1', rack: 'r12' },
      owner: { team: { name: 'infra', channel: '#ops' } },
    });
    expect(local.ansible).toEqual({ legacy: { general: { owner: 'ops' } }, role: { role: 'db' } });
    // Facter merges every file's keys; the later file (more.yaml, then site.txt) wins.
    expect(local.facter).toEqual({ env: 'prod', team: 'sre', site: 'par' });
    expect(local.errors).toEqual({
      [join(root, 'plesio/big.json')]: { code: 'too-large', message: '70011 bytes, more than the 64 KiB a fact file may hold' },
      [join(root, 'plesio/broken.json')]: { code: 'parse', message: expect.any(String) },
      [join(root, 'plesio/probe.sh')]: { code: 'not-run', message: 'an executable fact file; plesio runs them only when allowed (--local-facts-exec)' },
      [join(root, 'plesio/tricky.txt')]: { code: 'parse', message: 'line 1 is not key=value: "F evil.json"' },
      [join(root, 'facter/failing.sh')]: { code: 'not-run', message: expect.any(String) },
    });
    expect(existsSync(join(root, 'ran'))).toBe(false);
  });

  it('runs executable fact files only when allowed, with their exit status and a timeout', async () => {
    const local = parseLocalFacts(await scriptOutput({ exec: true }), yaml, dirs);
    expect(existsSync(join(root, 'ran'))).toBe(true);
    expect(local.plesio?.['probe']).toEqual({ probed: true });
    expect(local.errors?.[join(root, 'facter/failing.sh')]).toEqual({ code: 'exec-failed', message: 'exited with 3' });
    rmSync(join(root, 'ran'));

    writeFileSync(join(root, 'plesio/slow.sh'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    try {
      const timed = parseLocalFacts(await scriptOutput({ exec: true, limits: { execSeconds: 1 } }), yaml, dirs);
      expect(timed.errors?.[join(root, 'plesio/slow.sh')]?.code).toBe('timeout');
    } finally {
      rmSync(join(root, 'plesio/slow.sh'));
    }
  });

  it('gives the same frames under BusyBox\'s sh', async () => {
    const busybox = join(root, 'busybox-sh');
    writeFileSync(busybox, '#!/bin/sh\nexec /usr/bin/busybox sh "$@"\n', { mode: 0o755 });
    expect(await scriptOutput({ exec: false }, busybox)).toBe(await scriptOutput({ exec: false }));
  }, 30_000);

  it('keeps its bounds on the host: fact files per folder, file sizes, an executable\'s output', async () => {
    const plesio = (out: string) => localFactFiles(out, dirs).filter((f) => f.dir.kind === 'plesio').map((f) => [f.name, f.state, f.cut]);
    // The README is not a fact file and does not count.
    expect(plesio(await scriptOutput({ exec: false, limits: { filesPerDir: 3, fileBytes: 40 } }))).toEqual([
      ['app.json', 'read', false], ['backup.yaml', 'read', false], ['big.json', 'too-large', false], ['', 'too-many', false],
    ]);
    writeFileSync(join(root, 'plesio/chatty.sh'), '#!/bin/sh\nyes fact | head -n 100000\n', { mode: 0o755 });
    try {
      const local = parseLocalFacts(await scriptOutput({ exec: true, limits: { fileBytes: 1000 } }), yaml, dirs);
      expect(local.errors?.[join(root, 'plesio/chatty.sh')]).toEqual({ code: 'too-large', message: 'its output is more than 64 KiB; cut, not read' });
    } finally {
      rmSync(join(root, 'plesio/chatty.sh'));
    }
  });
});

describe('the local facts parser', () => {
  const framed = (...lines: string[]) => ['plesio-local-facts 1', ...lines].join('\n') + '\n';
  const one: LocalFactsDir[] = [{ path: '/etc/plesio/facts.d', kind: 'plesio' }];

  it('keeps a file\'s __proto__ key as a key, changing no prototype', () => {
    const local = parseLocalFacts(framed('D 0', 'F evil.json', '|{"__proto__": {"polluted": true}}', 'F evil2.txt', '|__proto__=x'), yaml, one);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(local.plesio!)).toEqual(['evil', 'evil2']);
    expect(Object.getPrototypeOf(local.plesio!['evil2'])).toBe(Object.prototype);
  });

  it('refuses an output that is not the script\'s, and lines out of place', () => {
    expect(() => parseLocalFacts('sh: 1: awk: not found\n', yaml, one)).toThrow(/expected the line "plesio-local-facts 1" first/);
    expect(() => parseLocalFacts(framed('|content'), yaml, one)).toThrow(/a content line outside any file/);
    expect(() => parseLocalFacts(framed('F app.json'), yaml, one)).toThrow(/a file before any folder/);
    expect(() => parseLocalFacts(framed('D 7'), yaml, one)).toThrow(/an unknown folder/);
  });

  it('is an error entry for a YAML file when no YAML parser is given, and for a second file of one name', () => {
    const local = parseLocalFacts(framed('D 0', 'F a.yaml', '|a: 1', 'F b.json', '|1', 'F b.txt', '|k=v'), undefined, one);
    expect(local.plesio).toEqual({ b: 1 });
    expect(local.errors).toEqual({
      '/etc/plesio/facts.d/a.yaml': { code: 'parse', message: 'YAML is read only with a YAML parser' },
      '/etc/plesio/facts.d/b.txt': { code: 'duplicate', message: 'another file of /etc/plesio/facts.d is named b too; the first one was kept' },
    });
  });

  it('reads INI sections and key = value lines, and refuses other lines naming them', () => {
    expect(parseIni('top = 1\n[a]\nx=1\n[b]\ny: 2\n[a]\nz = 3\n')).toEqual({ top: '1', a: { x: '1', z: '3' }, b: { y: '2' } });
    expect(() => parseIni('[a]\njust words\n')).toThrow('line 2 is neither [section] nor key = value: "just words"');
    expect(() => parseKeyValue('a=1\n=2\n')).toThrow('line 2 is not key=value: "=2"');
  });
});

describe('the local fact\'s saga', () => {
  it('reads the folders with the script that runs nothing, unless the run allows executables', () => {
    const gen = localFactsSaga(factContext({ os: 'linux' }));
    expect(gen.next().value).toEqual(getContext(LOCAL_FACTS_EXEC));
    expect(gen.next(undefined).value).toEqual(exec(localFactsCommand({ exec: false }), { timeoutMs: 30_000, maxOutputBytes: 80 * 1024 * 1024 }));
    const allowed = localFactsSaga(factContext({ os: 'linux' }));
    allowed.next();
    expect(allowed.next(true).value).toEqual(exec(localFactsCommand({ exec: true }), { timeoutMs: 30_000, maxOutputBytes: 80 * 1024 * 1024 }));
  });

  it('is gathered by a scan only when selected, and runs executables only with localFactsExec', async () => {
    const asked: string[] = [];
    const host = () => mockExecutor((command) => {
      asked.push(command);
      if (command.startsWith('uname')) return 'Linux\nweb1\n6.1.0\n#1 SMP\nx86_64\nLinux web1 6.1.0 #1 SMP x86_64 GNU/Linux\n';
      if (command.includes('plesio-local-facts')) return 'plesio-local-facts 1\nD 0\nF app.json\n|{"tier":"web"}\n';
      return { stdout: '', code: 127 };
    });
    const withDefault = await scanHost({ executor: host(), facts: ['default'] });
    expect(withDefault.facts).not.toHaveProperty('local');
    const selected = await scanHost({ executor: host(), facts: ['local'] });
    expect(selected.facts['local']).toEqual({ plesio: { app: { tier: 'web' } } });
    expect(selected.sources['local']).toBe(localFactsCommand({ exec: false }));
    asked.length = 0;
    await scanHost({ executor: host(), facts: ['local'], localFactsExec: true });
    expect(asked).toContain(localFactsCommand({ exec: true }));
    expect(asked).not.toContain(localFactsCommand({ exec: false }));
  });
});
