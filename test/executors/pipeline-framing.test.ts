/**
 * The pipelined session's framing without a server: the marker reader on byte streams cut anywhere, the
 * markers' validation, and the session script run by a real local `/bin/sh`, fed requests as the
 * channel would feed them: concurrent commands framed apart byte for byte, stops, and the shell's end.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { MarkerReader } from '../../src/executors/ssh/pipeline/markers.js';
import { shellQuote } from '../../src/effects/quote.js';
import { parseMarker, type Marker } from '../../src/executors/ssh/pipeline/protocol.js';
import { canPipeline, loginShellCommand, runRequest, sessionScript, stopRequest } from '../../src/executors/ssh/pipeline/script.js';
import { pathWithout } from '../support/path-without.js';

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

describe('markers', () => {
  test('each kind is read field for field', () => {
    expect(parseMarker(['L', 'csh'])).toEqual({ kind: 'L', family: 'csh' });
    expect(parseMarker(['R', 'setsid'])).toEqual({ kind: 'R', grouping: 'setsid' });
    expect(parseMarker(['S', '12'])).toEqual({ kind: 'S', id: 12 });
    expect(parseMarker(['D', '3', 'e'])).toEqual({ kind: 'D', id: 3, stream: 'stderr' });
    expect(parseMarker(['E', '3', 'c', '255'])).toEqual({ kind: 'E', id: 3, code: 255, signal: null });
    expect(parseMarker(['E', '3', 's', 'RTMIN+3'])).toEqual({ kind: 'E', id: 3, code: null, signal: 'RTMIN+3' });
    expect(parseMarker(['X', '7'])).toEqual({ kind: 'X', id: 7 });
    expect(parseMarker(['Q'])).toEqual({ kind: 'Q' });
  });

  test.each([
    [['R', 'setsid', '/tmp/plesio.1.ab'], /ready line/],
    [['R'], /ready line/],
    [['R', 'evil'], /ready line/],
    [['L', 'fish'], /login shell/],
    [['S', '0'], /command id/],
    [['S', '007'], /command id/],
    [['S', '1234567890123456'], /command id/],
    [['S', '1', '2'], /command id/],
    [['D', '1', 'x'], /unknown stream/],
    [['E', '1', 'c', '256'], /out of range/],
    [['E', '1', 'c', '-1'], /out of range/],
    [['E', '1', 'c'], /end marker/],
    [['E', '1', 's', 'kill'], /signal name/],
    [['E', '1', 'q', '0'], /status kind/],
    [['Q', '1'], /quit marker/],
    [['Z', '1'], /unknown marker/],
  ])('%j is refused: %s', (fields, why) => {
    expect(parseMarker(fields)).toMatch(why);
  });

  test('random fields never throw, and what passes is what the session shell writes', () => {
    const field = fc.oneof(fc.constantFrom('L', 'R', 'S', 'D', 'E', 'X', 'Q', 'c', 's', 'o', 'e', 'sh', 'setsid', '0', '1', '255', '256', 'TERM'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        const marker = parseMarker(fields);
        if (typeof marker === 'string') return;
        // Written back, it is the same line.
        expect(written(marker)).toEqual(fields);
      }),
      { numRuns: 5_000 },
    );
  });
});

/** A marker as the session shell writes it. */
function written(marker: Marker): string[] {
  switch (marker.kind) {
    case 'L':
      return ['L', marker.family];
    case 'R':
      return ['R', marker.grouping];
    case 'S':
    case 'X':
      return [marker.kind, String(marker.id)];
    case 'D':
      return ['D', String(marker.id), marker.stream === 'stdout' ? 'o' : 'e'];
    case 'E':
      return marker.signal === null ? ['E', String(marker.id), 'c', String(marker.code)] : ['E', String(marker.id), 's', marker.signal];
    case 'Q':
      return ['Q'];
  }
}

/** What a local session shell said: every marker in order, and each command's bytes per stream. */
interface Heard {
  markers: Marker[];
  output: Map<string, Buffer[]>;
}

/**
 * The session script run by a local `/bin/sh` on pipes, as sshd would run it; requests go in with
 * `send`, and what comes out is read with the client's own reader, checking the framing as it goes:
 * output only after a data marker, and only for a command that started and has not ended.
 */
class LocalSession {
  readonly heard: Heard = { markers: [], output: new Map() };
  readonly sh: ChildProcessWithoutNullStreams;
  private owner: string | undefined;
  private readonly ended = new Set<number>();
  private readonly waiting: Array<() => void> = [];
  private readonly ready: Promise<Marker>;
  readonly problems: string[] = [];

  /** `path`: the PATH the session shell sees (one without perl makes it run the commands itself). */
  constructor(path = process.env.PATH) {
    const token = randomBytes(16).toString('hex');
    this.sh = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PATH: path } });
    const reader = new MarkerReader(token, {
      data: (bytes) => {
        if (this.owner === undefined) return void this.problems.push(`output outside a frame: ${bytes.toString('latin1').slice(0, 40)}`);
        const chunks = this.heard.output.get(this.owner) ?? [];
        chunks.push(Buffer.from(bytes));
        this.heard.output.set(this.owner, chunks);
      },
      marker: (fields) => {
        const marker = parseMarker(fields);
        if (typeof marker === 'string') return void this.problems.push(marker);
        this.owner = marker.kind === 'D' ? `${marker.id} ${marker.stream}` : undefined;
        if (marker.kind === 'D' && this.ended.has(marker.id)) this.problems.push(`output of ${marker.id} after its end`);
        if (marker.kind === 'E') this.ended.add(marker.id);
        this.heard.markers.push(marker);
        for (const wake of this.waiting.splice(0)) wake();
      },
    });
    this.sh.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    this.sh.stderr.on('data', (chunk: Buffer) => this.problems.push(`stderr: ${chunk.toString()}`));
    this.sh.stdin.write(sessionScript(token, randomBytes(6).toString('hex')));
    this.ready = this.until((m) => m.kind === 'R');
  }

  /** Sends a request once the session is ready, as the client does. */
  send(text: string): void {
    void this.ready.then(() => this.sh.stdin.write(text));
  }

  /** Resolves once a marker satisfies `test`. */
  async until(test: (marker: Marker) => boolean): Promise<Marker> {
    for (;;) {
      const found = this.heard.markers.find(test);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  bytes(id: number, stream: 'stdout' | 'stderr'): Buffer {
    return Buffer.concat(this.heard.output.get(`${id} ${stream}`) ?? []);
  }

  /** Ends its input, as a closed channel does, and waits for the shell to exit. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.sh.once('close', resolve));
    this.sh.stdin.end();
    await exited;
  }
}

describe('the session script, run by /bin/sh', () => {
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

  test('a command with a NUL byte cannot be pipelined, and requests take only whole positive ids', () => {
    expect(canPipeline('printf a\0b')).toBe(false);
    expect(canPipeline("printf '\\000'")).toBe(true);
    expect(() => runRequest(0, 'true')).toThrow(TypeError);
    expect(() => stopRequest(1.5)).toThrow(TypeError);
  });
});

/** The PATH a local session shell gets: the usual one, or one without perl (the shell runs the commands). */
let noPerl: Promise<string> | undefined;
async function pathFor(runner: 'perl' | 'sh'): Promise<string | undefined> {
  if (runner === 'perl') return process.env.PATH;
  noPerl ??= mkdtemp(join(tmpdir(), 'plesio-no-perl-')).then((dir) => pathWithout(join(dir, 'bin'), /^perl/));
  return noPerl;
}

afterAll(async () => {
  if (noPerl !== undefined) await rm(dirname(await noPerl), { recursive: true, force: true });
});

describe.each(['perl', 'sh'] as const)('the session script, commands run by %s', (runner) => {
    test('commands sent at once run side by side, and their outputs come back apart, byte for byte', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'plesio-local-session-'));
      const session = new LocalSession(await pathFor(runner));
      try {
        await session.until((m) => m.kind === 'R');
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ stdout: fc.uint8Array({ maxLength: 3_000 }), stderr: fc.uint8Array({ maxLength: 300 }), big: fc.constantFrom(0, 0, 70_000, 1_200_000), code: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
            async (commands) => {
              const first = session.heard.markers.filter((m) => m.kind === 'S').length + 1;
              // All of them wait until every one has started: this ends only if they run at the same time.
              const barrier = join(dir, String(first));
              const sent = commands.map((c, i) => {
                const id = first + i;
                const out = Buffer.concat([Buffer.from(c.stdout), Buffer.alloc(c.big, 0x61)]);
                return { id, out, err: Buffer.from(c.stderr), code: c.code, command: `touch ${barrier}.${i}; while [ $(ls ${dir} | grep -c "^${first}\\.") -lt ${commands.length} ]; do sleep 0.01; done; ${printfOf(c.stdout)}; head -c ${c.big} /dev/zero | tr '\\0' a; ${printfOf(c.stderr)} >&2; exit ${c.code}` };
              });
              for (const { id, command } of sent) session.send(runRequest(id, command));
              for (const { id, out, err, code } of sent) {
                expect(await session.until((m) => m.kind === 'E' && m.id === id)).toEqual({ kind: 'E', id, code, signal: null });
                expect(session.bytes(id, 'stdout').equals(out)).toBe(true);
                expect(session.bytes(id, 'stderr').equals(err)).toBe(true);
              }
              expect(session.problems).toEqual([]);
            },
          ),
          { numRuns: 15 },
        );
      } finally {
        await session.close();
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);

    test('a stop is answered at once and kills the command’s whole process group; a stop of an ended command kills nothing', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'plesio-local-session-'));
      const session = new LocalSession(await pathFor(runner));
      try {
        const pids = join(dir, 'pids');
        session.send(runRequest(1, `sleep 30 & echo $$ $! > ${pids}; wait`));
        session.send(runRequest(2, 'echo quick'));
        await session.until((m) => m.kind === 'E' && m.id === 2);
        session.send(stopRequest(2));
        await session.until((m) => m.kind === 'X' && m.id === 2);
        for (let i = 0; i < 100 && (await readFile(pids, 'utf8').catch(() => '')) === ''; i++) await new Promise((r) => setTimeout(r, 20));
        session.send(stopRequest(1));
        await session.until((m) => m.kind === 'X' && m.id === 1);
        expect(await session.until((m) => m.kind === 'E' && m.id === 1)).toEqual({ kind: 'E', id: 1, code: null, signal: 'KILL' });
        const [shell, child] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
        for (const pid of [shell!, child!]) {
          for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
          expect(isRunning(pid)).toBe(false);
        }
        expect(session.bytes(2, 'stdout').toString()).toBe('quick\n');
        expect(session.problems).toEqual([]);
      } finally {
        await session.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('the files of ended commands are removed every 64 requests: a long session keeps few', async () => {
      const session = new LocalSession(await pathFor(runner));
      try {
        const ready = await session.until((m) => m.kind === 'R');
        expect(ready).toEqual({ kind: 'R', grouping: runner === 'perl' ? 'mux' : 'setsid' });
        for (let id = 1; id <= 130; id++) {
          session.send(runRequest(id, `echo ${id}`));
          await session.until((m) => m.kind === 'E' && m.id === id);
        }
        const [name] = (await readdir(tmpdir())).filter((n) => n.startsWith(`plesio.${session.sh.pid}.`));
        const files = await readdir(join(tmpdir(), name!));
        // The last collection (at request 128) took every command ended by then.
        expect(files.filter((f) => f.startsWith('p')).length).toBeLessThanOrEqual(3);
        expect(session.bytes(130, 'stdout').toString()).toBe('130\n');
      } finally {
        await session.close();
      }
    });

    test('SIGINT and SIGQUIT have their default action in a command, as on a channel of its own', async () => {
      const session = new LocalSession(await pathFor(runner));
      try {
        session.send(runRequest(1, 'kill -INT $$; echo survived'));
        session.send(runRequest(2, "trap 'echo caught' QUIT; kill -QUIT $$"));
        expect(await session.until((m) => m.kind === 'E' && m.id === 1)).toMatchObject({ signal: 'INT' });
        await session.until((m) => m.kind === 'E' && m.id === 2);
        expect(session.bytes(2, 'stdout').toString()).toBe('caught\n');
      } finally {
        await session.close();
      }
    });

    test('when the session shell dies, it says so first, and its running commands die with it', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'plesio-local-session-'));
      const session = new LocalSession(await pathFor(runner));
      try {
        const pid = join(dir, 'pid');
        session.send(runRequest(1, `echo $$ > ${pid}; exec sleep 30`));
        await session.until((m) => m.kind === 'S');
        for (let i = 0; i < 100 && (await readFile(pid, 'utf8').catch(() => '')) === ''; i++) await new Promise((r) => setTimeout(r, 20));
        session.sh.kill('SIGKILL');
        await session.until((m) => m.kind === 'Q');
        const command = Number(await readFile(pid, 'utf8'));
        for (let i = 0; i < 100 && isRunning(command); i++) await new Promise((r) => setTimeout(r, 20));
        expect(isRunning(command)).toBe(false);
        // Whatever ended after the quit marker ended because of it.
        const quit = session.heard.markers.findIndex((m) => m.kind === 'Q');
        expect(session.heard.markers.slice(0, quit).some((m) => m.kind === 'E')).toBe(false);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
});

describe('login shells', () => {
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

/** Whether process `pid` still runs (a zombie waiting for its reaper counts as gone). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** A `printf` command that writes `bytes` exactly. */
function printfOf(bytes: Uint8Array): string {
  return `printf '${[...bytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}'`;
}
