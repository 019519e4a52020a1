/**
 * The fault catalogue: every way a farm host misbehaves, how to build that host, and what a scan of it
 * must report — the error code, where it shows (the host's `error`, or one fact's entry in
 * `facts.errors`) and which facts survive. The tests and `bench/faults/matrix.mjs` both walk it.
 */
import type { Answers } from './answers.js';
import { ESCAPING_FACT, escapedFacts, withEscapes, withEscapingFailure } from './escapes.js';
import { DEFAULT_FAULTY_COMMAND, type TestHostOptions } from './test-host.js';

/** Every fault of the farm, in the order of the issue (plus `exec-unanswered`, which hung scans, and `hostile-session`). */
export const FAULT_NAMES = [
  'refused',
  'no-banner',
  'kex-close',
  'auth-fail',
  'host-key-changed',
  'host-key-unknown',
  'drop-mid-command',
  'never-exits',
  'exec-unanswered',
  'signal-exit',
  'eof-no-exit',
  'garbage',
  'huge-output',
  'drip',
  'max-sessions-1',
  'latency',
  'hostile-session',
  'escape-sequences',
  'escape-sequences-in-error',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

/** What known_hosts says about the host: its key, another key under its name, or nothing. */
export type KnownHostsEntry = 'right-key' | 'other-key' | 'absent';

/** What the scan of a faulty host must report. */
export interface Expectation {
  status: 'ok' | 'partial' | 'failed';
  /** The stable code, or null for a host that must scan cleanly despite the fault. */
  code: string | null;
  /** `host`: the report's `error`; `fact`: `facts.errors[fact]`; null when there is no error. */
  where: 'host' | 'fact' | null;
  /** The fact whose command misbehaved, when the fault is in a command. */
  fact?: string;
  /** Facts the scan must still return: every one, every one but the faulty command's, or none. */
  keeps: 'all' | 'all-but-faulty' | 'none';
  /** The facts this host's answers give, from a healthy host's (default: the same). */
  facts?: (healthy: Record<string, unknown>) => Record<string, unknown>;
}

/** One fault: a line of the matrix. */
export interface FaultSpec {
  name: FaultName | 'healthy';
  /** The fault in the words. */
  description: string;
  /** How the host misbehaves (answers and key are the farm's). */
  host: Omit<TestHostOptions, 'answers' | 'hostKey'>;
  /** What the host answers, from the farm's recorded answers (default: those). */
  answers?: (recorded: Answers) => Answers;
  knownHosts: KnownHostsEntry;
  expect: Expectation;
}

/** The fact that reads `DEFAULT_FAULTY_COMMAND`, and only it. */
export const FAULTY_FACT = 'cpu';

const unreachable = (code: string): Expectation => ({ status: 'failed', code, where: 'host', keeps: 'none' });
const inCommand = (code: string): Expectation => ({ status: 'partial', code, where: 'fact', fact: FAULTY_FACT, keeps: 'all-but-faulty' });

/** Every fault with its host and its expected report. */
export const FAULTS: Readonly<Record<FaultName, FaultSpec>> = {
  'refused': { name: 'refused', description: 'port closed (connection refused)', host: { transport: 'refused' }, knownHosts: 'right-key', expect: unreachable('refused') },
  'no-banner': { name: 'no-banner', description: 'accepts TCP but never sends a banner', host: { transport: 'silent' }, knownHosts: 'right-key', expect: unreachable('connect-timeout') },
  'kex-close': { name: 'kex-close', description: 'closes during key exchange', host: { transport: 'close-in-kex' }, knownHosts: 'right-key', expect: unreachable('connection-lost') },
  'auth-fail': { name: 'auth-fail', description: 'authentication always fails', host: { auth: 'reject' }, knownHosts: 'right-key', expect: unreachable('auth') },
  'host-key-changed': { name: 'host-key-changed', description: 'host key differs from known_hosts', host: {}, knownHosts: 'other-key', expect: unreachable('host-key-mismatch') },
  'host-key-unknown': { name: 'host-key-unknown', description: 'unknown host key (strict policy)', host: {}, knownHosts: 'absent', expect: unreachable('host-key-unknown') },
  'drop-mid-command': {
    name: 'drop-mid-command',
    description: 'drops the connection in the middle of a command',
    host: { commandFault: 'drop' },
    knownHosts: 'right-key',
    // The host failed (its connection is gone), and the facts gathered before the drop are kept.
    expect: { status: 'failed', code: 'connection-lost', where: 'host', fact: FAULTY_FACT, keeps: 'all-but-faulty' },
  },
  'never-exits': { name: 'never-exits', description: 'a command that never exits', host: { commandFault: 'hang' }, knownHosts: 'right-key', expect: inCommand('timeout') },
  'exec-unanswered': {
    name: 'exec-unanswered',
    description: 'never answers the request to start a command',
    host: { commandFault: 'unanswered' },
    knownHosts: 'right-key',
    // It never started: the wait for it has its own bound (the executor's startTimeoutMs), and its own
    // code — the host's, since it says nothing of the fact; the facts gathered before are kept.
    expect: { status: 'failed', code: 'start-timeout', where: 'host', fact: FAULTY_FACT, keeps: 'all-but-faulty' },
  },
  'signal-exit': { name: 'signal-exit', description: 'a command that exits through a signal', host: { commandFault: 'signal' }, knownHosts: 'right-key', expect: inCommand('command-failed') },
  'eof-no-exit': { name: 'eof-no-exit', description: 'EOF without an exit status', host: { commandFault: 'eof-no-exit' }, knownHosts: 'right-key', expect: inCommand('command-failed') },
  'garbage': { name: 'garbage', description: 'binary garbage instead of text', host: { commandFault: 'garbage' }, knownHosts: 'right-key', expect: inCommand('parse') },
  'huge-output': { name: 'huge-output', description: '100 MB of output', host: { commandFault: 'huge' }, knownHosts: 'right-key', expect: inCommand('output-too-large') },
  'drip': { name: 'drip', description: 'output that drips one byte every 100 ms', host: { commandFault: 'drip' }, knownHosts: 'right-key', expect: inCommand('timeout') },
  'max-sessions-1': { name: 'max-sessions-1', description: 'refuses a second channel (MaxSessions 1)', host: { maxSessions: 1 }, knownHosts: 'right-key', expect: { status: 'ok', code: null, where: null, keeps: 'all' } },
  'latency': { name: 'latency', description: 'adds 100 ms of latency to every command', host: { latencyMs: 100 }, knownHosts: 'right-key', expect: { status: 'ok', code: null, where: null, keeps: 'all' } },
  // The host reads the session script and answers it itself, with an exit code of 256: the session is
  // given up as broken, and every command runs on a channel of its own (test/faults/hostile-session
  // breaks each field in turn).
  'hostile-session': {
    name: 'hostile-session',
    description: 'answers the session protocol with a malformed field',
    host: { session: 'end-code' },
    knownHosts: 'right-key',
    expect: { status: 'ok', code: null, where: null, keeps: 'all' },
  },
  'escape-sequences': {
    name: 'escape-sequences',
    description: 'terminal escapes (ESC, OSC title and hyperlink, CSI, C1, DEL) in every text fact, and on the stderr of a failing command',
    host: {},
    answers: withEscapes,
    knownHosts: 'right-key',
    // The data keeps the sequences exactly; the outputs for people escape them (test/faults/escapes.test.ts).
    expect: { status: 'partial', code: 'command-failed', where: 'fact', fact: ESCAPING_FACT, keeps: 'all-but-faulty', facts: escapedFacts },
  },
  'escape-sequences-in-error': {
    name: 'escape-sequences-in-error',
    description: 'terminal escapes on the stderr of uname, which fails the host',
    host: {},
    answers: withEscapingFailure,
    knownHosts: 'right-key',
    expect: unreachable('command-failed'),
  },
};

/** A host without a fault, for the fleet's healthy majority. */
export const HEALTHY: FaultSpec = { name: 'healthy', description: 'no fault', host: {}, knownHosts: 'right-key', expect: { status: 'ok', code: null, where: null, keeps: 'all' } };

/** The command the command faults hit. */
export const FAULTY_COMMAND = DEFAULT_FAULTY_COMMAND;
