import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PIPELINING_HELP } from '../../src/cli/shared-options.js';
import { main } from '../../src/cli/main.js';
import { factCatalog } from '../../src/hosts/scan.js';
import { ROOT, tempDir, writeTemp } from './helpers.js';

/** Runs `main` in-process with captured streams. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

let dir: { dir: string; remove: () => Promise<void> };
beforeAll(async () => (dir = await tempDir()));
afterAll(() => dir.remove());
// main sets process.exitCode, as the binary must; the test process keeps its own.
afterEach(() => void (process.exitCode = undefined));

describe('main', () => {
  test('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('shows help with examples for every command, on stdout, with exit code 0', async () => {
    for (const argv of [['--help'], ['scan', '--help'], ['facts', '--help']]) {
      const { code, stdout } = await cli(...argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(argv.length === 1 ? /Commands:/ : /Examples:\n {2}\$ plesio/);
    }
  });

  test('lists --no-pipelining with its description in the help of scan and worker', async () => {
    for (const command of ['scan', 'worker']) {
      const { stdout } = await cli(command, '--help');
      // Commander wraps long descriptions to the terminal's width.
      expect(stdout.replace(/\s+/g, ' ')).toContain(`--no-pipelining ${PIPELINING_HELP}`);
    }
  });

  test('shows every default once and in one style, (default 32), in the help of every command', async () => {
    for (const command of ['scan', 'run', 'worker', 'results', 'diff', 'facts']) {
      const help = (await cli(command, '--help')).stdout.replace(/\s+/g, ' ');
      expect(help).not.toMatch(/\(default: |\(env: |\(choices: /);
      if (command === 'worker') {
        expect(help).toContain('hosts scanned at once (default 32)');
        expect(help.match(/\$PLESIO_REDIS/g)).toHaveLength(1);
      }
    }
    expect((await cli('scan', '--help')).stdout.replace(/\s+/g, ' ')).toContain('hosts scanned at once (default 32)');
  });

  test('sets process.exitCode to the exit code', async () => {
    await cli('scan', '--bogus');
    expect(process.exitCode).toBe(1);
  });

  test('lists the facts with their commands and whether they need root', async () => {
    const { code, stdout } = await cli('facts', '--list', '--format', 'json');
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { name: string; needs_root: boolean; commands: string[] }[];
    expect(listed.map((f) => f.name)).toEqual(factCatalog.map((f) => f.name));
    expect(listed.every((f) => f.commands.length > 0)).toBe(true);
    const table = await cli('facts', '--list');
    for (const fact of factCatalog) expect(table.stdout).toMatch(new RegExp(`^${fact.name} `, 'm'));
  });
});

describe('bad input', () => {
  test.each([
    [['scan', '--bogus'], /^plesio: unknown option '--bogus'/],
    [['scan', '--format', 'xml', 'web1'], /argument 'xml' is invalid. Allowed choices are json, ndjson, yaml, table/],
    [['frobnicate'], /^plesio: unknown command 'frobnicate'/],
    [['scan'], /no hosts to scan: name them \(plesio scan web1 deploy@db1:2222\), read an inventory \(--inventory hosts\.ini\) or scan this machine \(--local\)/],
    [['scan', 'web1:'], /plesio: malformed target "web1:": the port after ":" is empty/],
    [['scan', 'a:b:c'], /an IPv6 address with a port goes in brackets/],
    [['scan', '--inventory', '/nonexistent/hosts.ini'], /plesio: cannot read the inventory \/nonexistent\/hosts\.ini: it does not exist/],
    [['scan', 'web1', '-i', '/nonexistent/id_ed25519'], /plesio: cannot read the identity file \(-i\) \/nonexistent\/id_ed25519: it does not exist/],
    [['scan', 'web1', '--known-hosts', '/nonexistent/known_hosts'], /cannot read the known_hosts file \(--known-hosts\) \/nonexistent\/known_hosts: it does not exist; with --host-key-policy strict/],
    [['scan', '-i', 'hosts.ini'], /plesio: -i hosts\.ini: -i is an identity file \(a private key\), as in ssh; read an Ansible inventory with --inventory hosts\.ini/],
    [['scan', 'web1', '--concurrency', '0'], /--concurrency "0" must be a whole number from 1 to 4096/],
    [['scan', 'web1', '--deadline', 'soon'], /--deadline "soon" is not a duration; write e\.g\. 30s, 5m, 1h or 500ms/],
    [['scan', 'web1', '--facts', 'os,kernal'], /--facts "os,kernal": unknown fact "kernal"; see plesio facts --list/],
    [['scan', 'web1', '--port', '99999'], /--port "99999" is not a port number from 1 to 65535/],
    [['scan', 'web1', '--limit', 'web'], /--limit selects hosts of an inventory; add --inventory FILE/],
    [['scan', 'web1', '--ask-pass', '--password-file', '/x'], /--ask-pass and --password-file both give the password; use one/],
    [['scan', 'web1', '--password', 'x'], /^plesio: unknown option '--password'/],
    [['scan', 'web1', '--redis', 'redis://queue.example:6379', '--no-pipelining'], /--no-pipelining cannot be used with --redis: workers open the SSH connections \(plesio worker --no-pipelining\)/],
    [['scan', '--replay', '/nonexistent/fixture.json'], /cannot read the --replay fixture \/nonexistent\/fixture\.json: it does not exist/],
  ])('%j exits with 1 and a message that says what to do', async (argv, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(stderr).toMatch(message);
    expect(code).toBe(1);
    expect(stdout).toBe('');
  });

  test('names the file and line of a malformed inventory', async () => {
    const ini = await writeTemp(dir.dir, 'broken.ini', '[web]\nweb1\nweb2 ansible_port\n');
    const yml = await writeTemp(dir.dir, 'broken.yml', 'all:\n  hosts:\n    web1:\n  chilren:\n    db:\n');
    expect((await cli('scan', '--inventory', ini)).stderr).toBe(`plesio: ${ini}:3: expected "name=value" after the host, got "ansible_port"\n`);
    expect((await cli('scan', '--inventory', yml)).stderr).toBe(`plesio: ${yml}:4: unknown key "chilren" in the group "all"; expected hosts, vars or children\n`);
  });

  test('names the inventory line of a malformed host', async () => {
    const ini = await writeTemp(dir.dir, 'hosts.ini', '[web]\nweb1 ansible_host=bad/name\n');
    const { code, stderr } = await cli('scan', '--inventory', ini);
    expect(code).toBe(1);
    expect(stderr).toBe(`plesio: ${ini}:2: host "web1": malformed target "bad/name": "bad/name" is not a host name, an address or an ssh_config alias\n`);
  });

  test('never echoes a password read from a file in any message', async () => {
    const secret = await writeTemp(dir.dir, 'pass', 'hunter2-very-secret\n', 0o644);
    const { code, stdout, stderr } = await cli('scan', 'web1', '--password-file', secret);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--password-file: .* is accessible by other users/);
    expect(stdout + stderr).not.toContain('hunter2');
  });
});

describe('a reader that goes away', () => {
  test('ends the scan quietly with the status of SIGPIPE, as `plesio scan … | head -1` expects', async () => {
    const fixture = await writeTemp(dir.dir, 'empty.json', JSON.stringify({ format: 'plesio-fixture', version: 1, host: 'x', recordedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'plesio', version: '0' }, entries: [] }));
    let writes = 0;
    const closedPipe = new Writable({
      write(_chunk, _encoding, callback) {
        writes += 1;
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const hosts = Array.from({ length: 50 }, (_, i) => `web${i}`);
    const code = await main(['scan', ...hosts, '--replay', fixture, '--format', 'ndjson', '--concurrency', '2'], { stdout: closedPipe, stderr });
    expect(code).toBe(141);
    expect(err).toBe('');
    expect(writes).toBeLessThan(50);
  });
});
