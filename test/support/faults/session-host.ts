/**
 * A test host that speaks plesio's pipelined session protocol itself, instead of running the session
 * script: it reads the boundary out of the script, answers each request from the recorded answers
 * (start, data, end markers) and each stop (`X`), and — unless its fault is `none` — breaks exactly one
 * field of the protocol, the way a hostile host that has read the script could. Each fault names the
 * field it breaks; every other field stays well-formed, so the client must catch that one.
 */
import type { ServerChannel } from 'ssh2';
import { notFound, type Answer, type Answers } from './answers.js';

/** Every way the host breaks the protocol, and `none` for a host that speaks it well. */
export const SESSION_FAULTS = [
  'none',
  // The ready line: the old session folder appended, an empty session folder (a trailing space: not a
  // marker at all, so the session is never ready), an unknown grouping, and no ready line ever.
  'ready-folder',
  'ready-empty-folder',
  'ready-grouping',
  'never-ready',
  'login-shell',
  // Start markers: an id never sent, the same id twice.
  'start-unknown-id',
  'start-twice',
  // Data markers: an unknown stream, output of a command not started, output outside any data marker,
  // a marker line too long to be one.
  'data-stream',
  'data-unstarted',
  'data-outside',
  'marker-overlong',
  // End markers: an exit code out of range, a malformed signal, a missing status, an id never sent, twice.
  'end-code',
  'end-signal',
  'end-fields',
  'end-unknown-id',
  'end-twice',
  // A stop answer nobody asked for, a malformed quit, an unknown kind, a huge id.
  'stop-unasked',
  'quit-fields',
  'unknown-kind',
  'id-overflow',
  // The faulty command never ends and its stop is never answered (the session is stuck).
  'never-ends',
] as const;

export type SessionFault = (typeof SESSION_FAULTS)[number];

/** How the session host behaves. */
export interface SessionHostOptions {
  answers: Answers;
  fault: SessionFault;
  /** The command `never-ends` hangs on. */
  faultyCommand: string;
  /** Delay before each answer. */
  latencyMs: number;
  /** Schedules `fn` after `ms` unless the channel closed first. */
  after(ms: number, fn: () => void): void;
}

/**
 * Speaks the session protocol on `stream` (the channel of an `exec /bin/sh` request).
 * @example
 * speakSession(acceptExec(), { answers, fault: 'end-code', faultyCommand: 'cat /proc/cpuinfo', latencyMs: 0, after });
 */
export function speakSession(stream: ServerChannel, options: SessionHostOptions): void {
  let input = '';
  let token: string | undefined;
  let firstRequest = true;
  const marker = (text: string): void => void stream.write(`${token} ${text}\n`);
  const later = (fn: () => void): void => (options.latencyMs > 0 ? options.after(options.latencyMs, fn) : fn());
  stream.on('data', (chunk: Buffer) => {
    input += chunk.toString('latin1');
    if (token === undefined) {
      // The boundary is written in two halves: `p_t=<first>` and `p_t=${p_t}<second>`.
      const halves = /p_t=([0-9a-f]+)\np_t=\$\{p_t\}([0-9a-f]+)\n/.exec(input);
      if (halves === null) return;
      token = halves[1]! + halves[2]!;
      greet(options.fault, marker);
    }
    for (let request = takeRequest(); request !== undefined; request = takeRequest()) {
      const { kind, id, command } = request;
      const first = firstRequest;
      firstRequest = false;
      later(() => (kind === 'run' ? answer(id, command!, first) : stopped(id)));
    }
  });

  /** The next whole request in the input, which loses it; the script's own lines are skipped. */
  function takeRequest(): { kind: 'run' | 'stop'; id: number; command?: string } | undefined {
    for (;;) {
      const newline = input.indexOf('\n');
      if (newline === -1) return undefined;
      const run = /^p_run (\d+) /.exec(input);
      if (run !== null) {
        const parsed = unquote(input, run[0].length);
        if (parsed === undefined) return undefined;
        input = input.slice(parsed.end + 1);
        return { kind: 'run', id: Number(run[1]), command: parsed.word };
      }
      const stop = /^p_stop (\d+)\n/.exec(input);
      input = input.slice(newline + 1);
      if (stop !== null) return { kind: 'stop', id: Number(stop[1]) };
    }
  }

  function answer(id: number, command: string, first: boolean): void {
    const result = options.answers.get(command) ?? notFound(command);
    const fault = options.fault;
    const broken = first ? fault : 'none';
    if (broken === 'start-unknown-id') return marker(`S ${id + 1000}`);
    if (broken === 'id-overflow') return marker(`S ${'9'.repeat(40)}`);
    if (broken === 'data-unstarted') return void (marker(`D ${id} o`), stream.write(result.stdout));
    marker(`S ${id}`);
    if (broken === 'start-twice') return marker(`S ${id}`);
    if (broken === 'data-outside') return void stream.write('stray output\n');
    if (broken === 'data-stream') return void (marker(`D ${id} x`), stream.write(result.stdout));
    if (broken === 'marker-overlong') return marker(`D ${id} ${'o'.repeat(600)}`);
    if (broken === 'stop-unasked') return marker(`X ${id}`);
    if (broken === 'quit-fields') return marker('Q now');
    if (broken === 'unknown-kind') return marker(`Z ${id}`);
    if (fault === 'never-ends' && command === options.faultyCommand) return void (marker(`D ${id} o`), stream.write(result.stdout.subarray(0, 10)));
    output(id, result);
    if (broken === 'end-code') return marker(`E ${id} c 256`);
    if (broken === 'end-signal') return marker(`E ${id} s sigkill`);
    if (broken === 'end-fields') return marker(`E ${id}`);
    if (broken === 'end-unknown-id') return marker(`E ${id + 1000} c 0`);
    marker(end(id, result));
    if (broken === 'end-twice') marker(end(id, result));
  }

  function output(id: number, result: Answer): void {
    if (result.stdout.length > 0) (marker(`D ${id} o`), stream.write(result.stdout));
    if (result.stderr.length > 0) (marker(`D ${id} e`), stream.write(result.stderr));
  }

  function stopped(id: number): void {
    // Stuck: the stop is never answered.
    if (options.fault === 'never-ends') return;
    marker(`X ${id}`);
  }
}

/** The first markers: the login shell's family, then ready — or what the fault puts there instead. */
function greet(fault: SessionFault, marker: (text: string) => void): void {
  marker(fault === 'login-shell' ? 'L fish' : 'L sh');
  if (fault === 'never-ready') return;
  if (fault === 'ready-folder') return marker('R setsid /tmp/plesio.1.abc');
  if (fault === 'ready-empty-folder') return marker('R setsid ');
  if (fault === 'ready-grouping') return marker('R evil');
  marker('R setsid');
}

/** The end marker of a recorded answer. */
function end(id: number, result: Answer): string {
  return result.code === null ? `E ${id} s ${(result.signal ?? 'KILL').replace(/^SIG/, '')}` : `E ${id} c ${result.code}`;
}

/**
 * One shell word at `from` as plesio's shellQuote writes it (a safe bare word, or single quotes with
 * `'\''` for a quote), and the index of the newline after it; undefined until the whole word arrived.
 */
function unquote(text: string, from: number): { word: string; end: number } | undefined {
  if (text[from] !== "'") {
    const newline = text.indexOf('\n', from);
    return newline === -1 ? undefined : { word: text.slice(from, newline), end: newline };
  }
  let word = '';
  let at = from;
  for (;;) {
    const close = text.indexOf("'", at + 1);
    if (close === -1) return undefined;
    word += text.slice(at + 1, close);
    if (text.startsWith("\\''", close + 1)) {
      word += "'";
      at = close + 3;
      continue;
    }
    if (close + 1 >= text.length) return undefined;
    return text[close + 1] === '\n' ? { word: Buffer.from(word, 'latin1').toString('utf8'), end: close + 1 } : undefined;
  }
}
