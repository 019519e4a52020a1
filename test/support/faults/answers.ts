/**
 * What a test host answers: the recorded result of each command of a fixture (the executor's
 * `plesio-fixture` format), read here without plesio so the fault farm also runs next to the built
 * package. Commands recorded through sudo are left out: the farm's hosts scan without sudo.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One command's recorded outcome, as bytes. */
export interface Answer {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** The exit status, or null when the command ended by a signal. */
  readonly code: number | null;
  readonly signal: string | null;
}

/** The answers of one recorded host, by command. */
export type Answers = ReadonlyMap<string, Answer>;

/** The recorded Debian 12 scan every healthy test host answers from. */
export const LINUX_FIXTURE = fileURLToPath(new URL('../../fixtures/scans/linux-debian12-firecracker.json', import.meta.url));

/** The report `scanHost` gives for that recording: the full facts a healthy host must return. */
export const LINUX_EXPECTED = fileURLToPath(new URL('../../fixtures/scans/linux-debian12-firecracker.expected.json', import.meta.url));

type Output = string | { base64: string };
interface Entry {
  command: string;
  sudo: boolean;
  result?: { stdout: Output; stderr: Output; code: number | null; signal: string | null };
}

/**
 * Reads the answers of a fixture file.
 * @example
 * const answers = loadAnswers(LINUX_FIXTURE);
 * answers.get('cat /proc/meminfo')?.code; // => 0
 */
export function loadAnswers(file: string): Answers {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] };
  const answers = new Map<string, Answer>();
  for (const entry of fixture.entries) {
    if (entry.sudo || entry.result === undefined) continue;
    const { stdout, stderr, code, signal } = entry.result;
    answers.set(entry.command, { stdout: bytes(stdout), stderr: bytes(stderr), code, signal });
  }
  return answers;
}

/** The answer to a command the recording does not have: what a shell says for a missing tool. */
export function notFound(command: string): Answer {
  const tool = command.split(/\s+/)[0] ?? command;
  return { stdout: Buffer.alloc(0), stderr: Buffer.from(`sh: 1: ${tool}: not found\n`), code: 127, signal: null };
}

function bytes(output: Output): Buffer {
  return typeof output === 'string' ? Buffer.from(output, 'utf8') : Buffer.from(output.base64, 'base64');
}
