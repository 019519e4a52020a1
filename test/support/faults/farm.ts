/**
 * The fault farm: many test hosts, healthy or faulty, one known_hosts file for all of them, and a scan
 * of any of them through plesio's SSH executor. plesio itself is passed in (`FarmApi`), so the tests
 * run the farm against the sources and `bench/faults/matrix.mjs` against the built package.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SshExecutor, SshExecutorOptions } from '../../../src/executors/ssh/executor.js';
import type { HostReport } from '../../../src/hosts/report.js';
import type { ScanOptions } from '../../../src/hosts/scan.js';
import { LINUX_EXPECTED, LINUX_FIXTURE, loadAnswers, type Answers } from './answers.js';
import { FAULTS, HEALTHY, type Expectation, type FaultName, type FaultSpec } from './faults.js';
import { knownHostsLine, newHostKey, type HostKey } from './host-key.js';
import { startTestHost, type TestHost, type TestHostOptions } from './test-host.js';

/** The two functions of plesio the farm drives. */
export interface FarmApi {
  scanHost(options: ScanOptions): Promise<HostReport>;
  sshExecutor(target: string, options?: SshExecutorOptions): SshExecutor;
}

/** Timeouts and credentials of every scan the farm runs. */
export interface FarmOptions {
  /** A directory for the farm's known_hosts file. */
  dir: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** How long a command may wait to start (the executor's `startTimeoutMs`); default the command timeout. */
  startTimeoutMs?: number;
  /** The password every scan offers (the hosts accept any credential unless their fault says otherwise). */
  password?: string;
  /** The executors' output cap; default the executor's own (16 MiB). */
  maxOutputBytes?: number;
}

/** What one scan may change from the farm's settings. */
export interface ScanSettings {
  signal?: AbortSignal;
  commandTimeoutMs?: number;
  monitor?: ScanOptions['monitor'];
  /** Executor options over the farm's. */
  executor?: Partial<SshExecutorOptions>;
}

/** A host of the farm: a test host and the fault it was built with (`healthy` for none). */
export interface FarmHost {
  readonly fault: FaultName | 'healthy';
  readonly target: string;
  readonly server: TestHost;
}

/** A finished scan of a farm host. */
export interface FarmScan {
  report: HostReport;
  /** From the scan's start (before connecting) to its executor closed, in ms. */
  elapsedMs: number;
  /** How often the password provider was asked. */
  passwordAsked: number;
}

/**
 * A farm of test hosts on 127.0.0.1.
 * @example
 * const farm = await Farm.start(api, { dir, connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 });
 * const host = await farm.add('never-exits');
 * const { report } = await farm.scan(host);
 * await farm.stop();
 */
export class Farm {
  readonly knownHostsPath: string;
  private readonly hosts: FarmHost[] = [];

  private constructor(
    private readonly api: FarmApi,
    private readonly options: FarmOptions,
    readonly answers: Answers,
    /** The key every host presents. */
    readonly hostKey: HostKey,
    /** The key known_hosts wrongly lists for `host-key-changed` hosts. */
    readonly otherKey: HostKey,
  ) {
    this.knownHostsPath = join(options.dir, 'known_hosts');
  }

  /** Reads the recorded answers, makes the keys and an empty known_hosts file. */
  static async start(api: FarmApi, options: FarmOptions): Promise<Farm> {
    const farm = new Farm(api, options, loadAnswers(LINUX_FIXTURE), newHostKey(), newHostKey());
    await writeFile(farm.knownHostsPath, '');
    return farm;
  }

  /**
   * Starts a host with `fault` (or a healthy one) and lists it in known_hosts as the fault says;
   * `overrides` change its behaviour further (e.g. who may log in).
   */
  async add(fault: FaultName | 'healthy', overrides: Partial<TestHostOptions> = {}): Promise<FarmHost> {
    const spec = specOf(fault);
    const server = await startTestHost({ ...spec.host, answers: spec.answers?.(this.answers) ?? this.answers, hostKey: this.hostKey, ...overrides });
    if (spec.knownHosts !== 'absent') {
      const key = spec.knownHosts === 'right-key' ? this.hostKey : this.otherKey;
      await appendFile(this.knownHostsPath, `${knownHostsLine(server.port, key)}\n`);
    }
    const host: FarmHost = { fault, target: `farm@127.0.0.1:${server.port}`, server };
    this.hosts.push(host);
    return host;
  }

  /**
   * The SSH executor of one host, with the farm's known_hosts, timeouts and password (`asked` hears
   * each time the password is asked for) over which `overrides` win.
   */
  executor(host: FarmHost, overrides: Partial<SshExecutorOptions> = {}, asked: () => void = () => undefined): SshExecutor {
    const password = this.options.password ?? 'farm-password';
    return this.api.sshExecutor(host.target, {
      configPath: null,
      knownHostsPath: this.knownHostsPath,
      hostKeyPolicy: 'strict',
      agent: false,
      identityFiles: [],
      connectTimeoutMs: this.options.connectTimeoutMs,
      startTimeoutMs: this.options.startTimeoutMs ?? this.options.commandTimeoutMs,
      ...(this.options.maxOutputBytes !== undefined && { maxOutputBytes: this.options.maxOutputBytes }),
      password: async () => {
        asked();
        return password;
      },
      ...overrides,
    });
  }

  /** Scans one host with the farm's timeouts (or the ones given), closing its executor before returning. */
  async scan(host: FarmHost, options: ScanSettings = {}): Promise<FarmScan> {
    let passwordAsked = 0;
    // A scan's own command timeout bounds the wait for a command to start too, unless the farm sets that.
    const starts = options.commandTimeoutMs !== undefined && this.options.startTimeoutMs === undefined ? { startTimeoutMs: options.commandTimeoutMs } : {};
    const executor = this.executor(host, { ...starts, ...options.executor }, () => passwordAsked++);
    const started = performance.now();
    let report: HostReport;
    try {
      report = await this.api.scanHost({
        executor,
        host: host.target,
        commandTimeoutMs: options.commandTimeoutMs ?? this.options.commandTimeoutMs,
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(options.monitor !== undefined && { monitor: options.monitor }),
      });
    } finally {
      await executor.close();
    }
    return { report, elapsedMs: performance.now() - started, passwordAsked };
  }

  /** Stops every host. */
  async stop(): Promise<void> {
    await Promise.all(this.hosts.splice(0).map((host) => host.server.stop()));
  }
}

/** The catalogue entry of a fault, or the healthy host's. */
export function specOf(fault: FaultName | 'healthy'): FaultSpec {
  return fault === 'healthy' ? HEALTHY : FAULTS[fault];
}

/** The facts a healthy host's scan returns: the recorded host's expected report. */
export async function expectedFacts(): Promise<Record<string, unknown>> {
  return (JSON.parse(await readFile(LINUX_EXPECTED, 'utf8')) as HostReport).facts;
}

/** The code a report gives for its fault: the host's error, else the first fact error, else null. */
export function reportedCode(report: HostReport): string | null {
  return report.error?.code ?? Object.values(report.facts.errors ?? {})[0]?.code ?? null;
}

/** Which of `expected`'s facts the report returned unchanged. */
export function keptFacts(report: HostReport, expected: Record<string, unknown>): string[] {
  return Object.keys(expected).filter((key) => key in report.facts && JSON.stringify(report.facts[key]) === JSON.stringify(expected[key]));
}

/**
 * Every way a report misses its expectation, as sentences; empty when it meets it.
 * @example
 * expect(mismatches(report, FAULTS['garbage'].expect, facts)).toEqual([]);
 */
export function mismatches(report: HostReport, expect: Expectation, healthy: Record<string, unknown>): string[] {
  const expected = expect.facts?.(healthy) ?? healthy;
  const problems: string[] = [];
  if (report.status !== expect.status) problems.push(`status ${report.status}, expected ${expect.status}`);
  const code = expect.where === 'host' ? report.error?.code : expect.where === 'fact' ? report.facts.errors?.[expect.fact!]?.code : undefined;
  if ((code ?? null) !== expect.code) problems.push(`code ${String(code)} at ${String(expect.where)}, expected ${String(expect.code)} (report error ${JSON.stringify(report.error)}, fact errors ${JSON.stringify(report.facts.errors)})`);
  const error = expect.where === 'host' ? report.error : expect.where === 'fact' ? report.facts.errors?.[expect.fact!] : undefined;
  if (error !== undefined && error !== null && (error.message === '' || error.message.includes('\n'))) problems.push(`the reason is not one line: ${JSON.stringify(error.message)}`);
  const kept = keptFacts(report, expected);
  const want = expect.keeps === 'all' ? Object.keys(expected) : expect.keeps === 'none' ? [] : Object.keys(expected).filter((key) => key !== expect.fact);
  const missing = want.filter((key) => !kept.includes(key));
  if (missing.length > 0) problems.push(`facts missing or changed: ${missing.join(', ')}`);
  if (expect.keeps === 'none' && Object.keys(report.facts).length > 0) problems.push(`facts from a host that could not be scanned: ${Object.keys(report.facts).join(', ')}`);
  return problems;
}
