import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { HostReport } from '../../src/hosts/report.js';
import { reportSink } from '../../src/cli/output/sink.js';
import type { Format } from '../../src/cli/shared-options.js';
import { openOutput, type TextOutput } from '../../src/cli/output/stream.js';
import { renderTable } from '../../src/cli/output/table.js';
import { tempDir } from './helpers.js';

const WEB1: HostReport = {
  host: 'web1',
  status: 'ok',
  error: null,
  facts: { kernel: '6.1.0', architecture: 'x86_64', os: { name: 'Debian GNU/Linux', version: '12' }, cpu: { threads: 8 }, installed_memory_in_MB: 16384, virtualization: { role: 'guest', type: 'kvm' } },
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
      'HOST  STATUS  OS                   KERNEL  ARCH    CPUS  MEMORY  VIRT  ERROR',
      'web1  ok      Debian GNU/Linux 12  6.1.0   x86_64  8     16 GiB  kvm',
      'db1   failed  -                    -       -       -     -       -     auth: db1: every authentication method was refused (agent, ~/.ssh/id_ed25519)',
      '',
    ]);
  });

  test('names the failed facts of a partial host', () => {
    const partial: HostReport = { ...WEB1, status: 'partial', facts: { ...WEB1.facts, errors: { device: { code: 'privilege-required', message: 'needs root' } } } };
    expect(renderTable([partial])).toContain('facts failed: device');
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

  test('reports a broken pipe at the next write instead of crashing', async () => {
    const stream = new PassThrough();
    const out = await openOutput(undefined, stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(out.write('x')).rejects.toThrow('EPIPE');
  });
});
