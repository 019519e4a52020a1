/**
 * The pipelined session's framing without a server: the marker reader on byte streams cut anywhere, and
 * the requests as a real local `/bin/sh` parses them.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MarkerReader } from '../../src/executors/ssh/pipeline/markers.js';
import { shellQuote } from '../../src/effects/quote.js';
import { canPipeline, loginShellCommand, runRequest, stopCommand } from '../../src/executors/ssh/pipeline/script.js';

const run = promisify(execFile);
const BOUNDARY = '0123456789abcdef0123456789abcdef';

/** Feeds `chunks` to a reader; returns the output between markers, and the markers. */
function read(chunks: readonly Buffer[]): { outputs: Buffer[]; markers: string[] } {
  const outputs: Buffer[] = [];
  const markers: string[] = [];
  let current: Buffer[] = [];
  const reader = new MarkerReader(BOUNDARY, {
    data: (bytes) => current.push(Buffer.from(bytes)),
    marker: (fields) => {
      outputs.push(Buffer.concat(current));
      current = [];
      markers.push(fields.join(' '));
    },
  });
  for (const chunk of chunks) reader.push(chunk);
  return { outputs, markers };
}

/** Cuts `bytes` at the given offsets (taken modulo its length). */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => (bytes.length === 0 ? 0 : o % bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const end = (id: number, code: number): string => `${BOUNDARY} E ${id} c ${code}\n`;

/** Output pieces that look like the framing without being it. */
const piece = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  // A boundary cut short, possibly at the very end of the output.
  fc.integer({ min: 1, max: BOUNDARY.length - 1 }).map((n) => Buffer.from(BOUNDARY.slice(0, n))),
  // A well-formed marker under another boundary.
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }).filter((t) => t !== BOUNDARY).map((t) => Buffer.from(`${t} E 1 c 0\n`)),
  // The boundary itself followed by something no marker starts with.
  fc.constantFrom('x', '\0', '\n', '\xff').map((c) => Buffer.from(BOUNDARY + c, 'latin1')),
  fc.constantFrom('\0', '\n', 'E 1 c 0\n', '\r\n').map((s) => Buffer.from(s)),
);
const output = fc.array(piece, { maxLength: 6 }).map((pieces) => Buffer.concat(pieces));

describe('MarkerReader', () => {
  test('splits output from the markers that end it, keeping every byte', () => {
    const stream = Buffer.from(`hello${end(1, 0)}no newline${end(2, 3)}${end(3, 0)}`);
    expect(read([stream])).toEqual({ outputs: [Buffer.from('hello'), Buffer.from('no newline'), Buffer.alloc(0)], markers: ['E 1 c 0', 'E 2 c 3', 'E 3 c 0'] });
  });

  test('finds a boundary split across chunks, one byte at a time', () => {
    const stream = Buffer.from(`a\0b${end(1, 0)}`, 'latin1');
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(read(bytes)).toEqual({ outputs: [Buffer.from('a\0b', 'latin1')], markers: ['E 1 c 0'] });
  });

  test('a boundary followed by a line that is not a marker is output', () => {
    const stream = Buffer.from(`${BOUNDARY} not-a-marker!\n${BOUNDARY}${'x'.repeat(600)}${end(1, 0)}`);
    const { outputs } = read([stream]);
    expect(outputs[0]!.toString()).toBe(`${BOUNDARY} not-a-marker!\n${BOUNDARY}${'x'.repeat(600)}`);
  });

  test('random outputs cut into random chunks come back exactly, frame by frame', () => {
    fc.assert(
      fc.property(fc.array(output, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 40 }), (outputs, offsets) => {
        const stream = Buffer.concat(outputs.flatMap((o, i) => [o, Buffer.from(end(i + 1, i))]));
        const result = read(cut(stream, offsets));
        expect(result.markers).toEqual(outputs.map((_, i) => `E ${i + 1} c ${i}`));
        expect(result.outputs.map((o) => o.toString('hex'))).toEqual(outputs.map((o) => o.toString('hex')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('session requests', () => {
  test('a request hands the session shell any command text unchanged', async () => {
    // What p_run receives as $2 is what the command's shell then runs.
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }).filter(canPipeline), async (command) => {
        const script = `p_run() { printf '%s' "$2"; }\n${runRequest(7, command)}`;
        const { stdout } = await run('/bin/sh', ['-c', script], { encoding: 'buffer' });
        expect(stdout.toString('utf8')).toBe(command);
      }),
      { numRuns: 40 },
    );
  });

  test('a command with a NUL byte cannot be pipelined, and the stop command takes only safe paths and ids', () => {
    expect(canPipeline('printf a\0b')).toBe(false);
    expect(canPipeline("printf '\\000'")).toBe(true);
    expect(() => stopCommand("/tmp/x'; reboot", [3], true)).toThrow(TypeError);
    expect(() => stopCommand('/tmp/plesio.1.ab', [], true)).toThrow(TypeError);
    expect(() => stopCommand('/tmp/plesio.1.ab', [0.5], true)).toThrow(TypeError);
    // It goes through the login shell, which may be csh: no newline may sit inside its quotes.
    expect(stopCommand('/tmp/plesio.1.ab', [1, 2], true)).not.toContain('\n');
  });

  test('a stop withdraws exactly the commands the session shell has not claimed, and says which', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plesio-stop-'));
    try {
      // The shell has claimed 2 (and 3, the last: n); 1's claim was cleaned up long after it ran; 5 and 6 wait.
      await writeFile(join(dir, 'n'), '3\n');
      await writeFile(join(dir, 'c2'), '');
      await writeFile(join(dir, 'c3'), '');
      await writeFile(join(dir, 'p'), '');
      const { stdout } = await run('/bin/sh', ['-c', stopCommand(dir, [1, 2, 5, 6], false)]);
      expect(stdout).toBe('S 1\nS 2\nW 5\nW 6\n');
      // The session shell's claim of 5 now fails: it skips it.
      const claim = await run('/bin/sh', ['-c', `set -C; : >${dir}/c5`]).then(() => 'claimed', () => 'skipped');
      expect(claim).toBe('skipped');
      // A second stop finds them taken.
      expect((await run('/bin/sh', ['-c', stopCommand(dir, [5], false)])).stdout).toBe('S 5\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a stop kills the process group the running command wrote to p, and only if it is still that command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plesio-stop-'));
    try {
      await writeFile(join(dir, 'n'), '4\n');
      await writeFile(join(dir, 'c4'), '');
      const child = spawn('setsid', ['sleep', '30'], { stdio: 'ignore' });
      await new Promise((resolve) => child.once('spawn', resolve));
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      // Another command's pid in p: untouched (the stop gives up after its brief wait).
      await writeFile(join(dir, 'p'), `3 ${child.pid}\n`);
      expect((await run('/bin/sh', ['-c', stopCommand(dir, [4], true)])).stdout).toBe('S 4\n');
      expect(child.exitCode === null && child.signalCode === null).toBe(true);
      await writeFile(join(dir, 'p'), `4 ${child.pid}\n`);
      expect((await run('/bin/sh', ['-c', stopCommand(dir, [4], true)])).stdout).toBe('S 4\n');
      expect(await exited).toBe('SIGKILL');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a command wrapped for a csh login shell reaches /bin/sh unchanged: quotes, $, !, backslashes, newlines', async () => {
    const tcsh = '/usr/bin/tcsh';
    if (!existsSync(tcsh)) throw new Error(`${tcsh} is missing; this test needs a csh-family shell: apt-get install -y tcsh`);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '$', '!', '\\', '\n', '`', '*', ';', '%', '(', '#'), maxLength: 30 }), async (text) => {
        const command = `printf '%s' ${shellQuote(text)}`;
        const { stdout } = await run(tcsh, ['-c', loginShellCommand(command, 'csh')]);
        expect(stdout).toBe(text);
      }),
      { numRuns: 60 },
    );
    expect(loginShellCommand('echo "$(uname)" 2>&1', 'sh')).toBe('echo "$(uname)" 2>&1');
  });
});
