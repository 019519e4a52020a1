import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { HostReport } from '../../src/hosts/report.js';
import { reportSink } from '../../src/cli/output/sink.js';
import type { Format } from '../../src/cli/shared-options.js';
import { openOutput, type TextOutput } from '../../src/cli/output/stream.js';
import { primaryAddress, renderTable, tableWidth } from '../../src/cli/output/table.js';
import { tempDir } from './helpers.js';

const WEB1: HostReport = {
  host: 'web1',
  status: 'ok',
  error: null,
  facts: {
    kernel: '6.1.0',
    architecture: 'x86_64',
    os: { name: 'Debian GNU/Linux', version: '12' },
    cpu: { threads: 8 },
    installed_memory_in_MB: 16384,
    virtualization: { role: 'guest', type: 'kvm' },
    interfaces: { lo: { ipv4_addresses: ['127.0.0.1'], ipv6_addresses: ['::1'] }, eth0: { ipv4_addresses: ['10.0.0.5'], ipv6_addresses: ['fe80::1'] } },
  },
  sources: { kernel: 'uname -r' },
  duration_ms: 812,
};
const DB1: HostReport = {
  host: 'db1',
  status: 'failed',
  error: { code: 'auth', message: 'db1: every authentication method was refused\n(agent, ~/.ssh/id_ed25519)' },
  facts: {},
  sources: {},
  duration_ms: 95,
};

/** A TextOutput that keeps what it was given, and when. */
function memoryOutput(): TextOutput & { text: string; writes: number } {
  const out = {
    name: 'memory',
    text: '',
    writes: 0,
    async write(text: string) {
      out.text += text;
      out.writes += 1;
    },
    async close() {},
  };
  return out;
}

describe('reportSink', () => {
  test('ndjson writes each host the moment it is reported, one JSON object a line', async () => {
    const out = memoryOutput();
    const sink = reportSink('ndjson', out);
    await sink.write(DB1, 1);
    expect(out.text).toBe(JSON.stringify(DB1) + '\n');
    await sink.write(WEB1, 0);
    await sink.end();
    expect(out.text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([DB1, WEB1]);
  });

  test.each(['json', 'yaml'] as const)('%s writes nothing until the end, then every host in target order', async (format: Format) => {
    const out = memoryOutput();
    const sink = reportSink(format, out);
    await sink.write(DB1, 1);
    await sink.write(WEB1, 0);
    expect(out.writes).toBe(0);
    await sink.end();
    expect(format === 'json' ? JSON.parse(out.text) : parse(out.text)).toEqual([WEB1, DB1]);
  });

  test.each(['json', 'yaml'] as const)('%s of no host at all is an empty list', async (format: Format) => {
    const out = memoryOutput();
    const sink = reportSink(format, out);
    await sink.end();
    expect(format === 'json' ? JSON.parse(out.text) : parse(out.text)).toEqual([]);
  });

  test('skips the hosts an interrupt kept from being reported', async () => {
    const out = memoryOutput();
    const sink = reportSink('json', out);
    await sink.write(DB1, 3);
    await sink.end();
    expect(JSON.parse(out.text)).toEqual([DB1]);
  });
});

describe('renderTable', () => {
  test('shows one aligned line per host, with a failed host\'s code and reason on one line', () => {
    expect(renderTable([WEB1, DB1]).split('\n')).toEqual([
      'HOST  STATUS  IP        OS                   KERNEL  ARCH    CPUS  MEMORY  VIRT  ERROR',
      'web1  ok      10.0.0.5  Debian GNU/Linux 12  6.1.0   x86_64  8     16 GiB  kvm',
      'db1   failed  -         -                    -       -       -     -       -     auth: db1: every authentication method was refused (agent, ~/.ssh/id_ed25519)',
      '',
    ]);
  });

  test('fits a narrow terminal: drops ARCH, VIRT, KERNEL, MEMORY and CPUS first, then cuts the widest cells with an ellipsis', () => {
    const lines = renderTable([WEB1, DB1], 60).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST +STATUS +IP +OS +ERROR$/);
    expect(lines.every((line) => [...line].length <= 60)).toBe(true);
    expect(lines[2]).toMatch(/^db1 +failed +- +- +auth: db1: .*…$/);
    // 80 columns keep what fits, the error cut rather than columns dropped while it keeps 20 characters.
    expect(renderTable([WEB1, DB1], 80).split('\n')[0]).toMatch(/^HOST +STATUS +IP +OS +KERNEL +CPUS +MEMORY +ERROR$/);
    // Wide enough, nothing is cut or dropped.
    expect(renderTable([WEB1, DB1], 500)).toBe(renderTable([WEB1, DB1]));
  });

  test('escapes the control characters a host writes, and marks an interrupted host cancelled', () => {
    const evil: HostReport = { ...WEB1, host: 'web\u001b[2J1', facts: { ...WEB1.facts, kernel: '6.1\u0007' } };
    const cancelled: HostReport = { ...DB1, error: { code: 'cancelled', message: 'db1: scan cancelled' } };
    const table = renderTable([evil, cancelled]);
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(table).toContain('web\\x1b[2J1');
    expect(table).toContain('6.1\\x07');
    expect(table.split('\n')[2]).toMatch(/^db1 +cancelled /);
  });

  test('names the failed facts of a partial host', () => {
    const partial: HostReport = { ...WEB1, status: 'partial', facts: { ...WEB1.facts, errors: { device: { code: 'privilege-required', message: 'needs root' } } } };
    expect(renderTable([partial])).toContain('facts failed: device');
  });
});

describe('primaryAddress', () => {
  test('is the first IPv4 address that is neither loopback nor link-local, else a global IPv6 address', () => {
    expect(primaryAddress({ lo: { ipv4_addresses: ['127.0.0.1'] }, eth0: { ipv4_addresses: ['169.254.3.4', '192.0.2.7'] } })).toBe('192.0.2.7');
    expect(primaryAddress({ lo: { ipv6_addresses: ['::1'] }, eth0: { ipv4_addresses: [], ipv6_addresses: ['fe80::1', '2001:db8::7'] } })).toBe('2001:db8::7');
    expect(primaryAddress({ lo: { ipv4_addresses: ['127.0.0.1'] } })).toBeUndefined();
    expect(primaryAddress(undefined)).toBeUndefined();
  });

  test('prefers the default route: its source address, else its interface\'s first usable address', () => {
    const interfaces = { mgmt0: { ipv4_addresses: ['10.9.0.4'] }, eth1: { ipv4_addresses: ['169.254.1.1', '192.0.2.80'], ipv6_addresses: ['2001:db8::80'] } };
    expect(primaryAddress(interfaces)).toBe('10.9.0.4');
    expect(primaryAddress(interfaces, [{ gateway: '192.0.2.1', interface: 'eth1', address: null }])).toBe('192.0.2.80');
    expect(primaryAddress(interfaces, [{ gateway: '192.0.2.1', interface: 'eth1', address: '192.0.2.81' }])).toBe('192.0.2.81');
    expect(primaryAddress(interfaces, [null, { gateway: 'fe80::1', interface: 'eth1', address: null }])).toBe('2001:db8::80');
    // A route naming an interface the host did not list, or a loopback source, falls back to the list.
    expect(primaryAddress(interfaces, [{ gateway: null, interface: 'gone0', address: '127.0.0.1' }])).toBe('10.9.0.4');
    expect(primaryAddress(interfaces, [{ interface: '__proto__' }, 'junk'])).toBe('10.9.0.4');
  });

  test('the table\'s IP column is the default route\'s address', () => {
    const host: HostReport = { ...WEB1, facts: { ...WEB1.facts, interfaces: { mgmt0: { ipv4_addresses: ['10.9.0.4'] }, eth1: { ipv4_addresses: ['192.0.2.80'] } }, default_ipv4: { gateway: '192.0.2.1', interface: 'eth1', address: null } } };
    const table = renderTable([host]);
    expect(table).toContain('192.0.2.80');
    expect(table).not.toContain('10.9.0.4');
  });
});

describe('tableWidth', () => {
  const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 72 });
  test('is the terminal\'s width on a terminal, COLUMNS elsewhere, and none (every column whole) without it', () => {
    expect(tableWidth(tty, undefined, {})).toBe(72);
    expect(tableWidth(new PassThrough(), undefined, {})).toBeUndefined();
    expect(tableWidth(new PassThrough(), undefined, { COLUMNS: '100' })).toBe(100);
    expect(tableWidth(tty, 'out.txt', {})).toBeUndefined();
  });
});

describe('openOutput', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('writes to the --output file and closes it', async () => {
    const file = join(dir.dir, 'out.ndjson');
    const out = await openOutput(file, new PassThrough());
    await out.write('{"a":1}\n');
    await out.close();
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
  });

  test('fails before the scan when the --output file cannot be created', async () => {
    await expect(openOutput(join(dir.dir, 'missing', 'out.json'), new PassThrough())).rejects.toThrow(/cannot write the --output file .*out\.json: a part of its path is not a directory|it does not exist/);
  });

  test('waits for a slow reader instead of buffering without end', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    const out = await openOutput(undefined, stream);
    let written = false;
    const pending = out.write('x'.repeat(64)).then(() => (written = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toBe(false);
    stream.read();
    await pending;
    expect(written).toBe(true);
  });

  test('rejects at close when the final flush fails, naming nothing lost silently', async () => {
    const stream = new PassThrough();
    const out = await openOutput(undefined, stream);
    await out.write('[');
    stream.destroy(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
    await expect(out.close()).rejects.toMatchObject({ code: 'EIO' });
  });

  test('reports a broken pipe at the next write instead of crashing', async () => {
    const stream = new PassThrough();
    const out = await openOutput(undefined, stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(out.write('x')).rejects.toThrow('EPIPE');
  });
});
