/**
 * End to end: scan this machine twice, once over SSH through a real loopback OpenSSH sshd and once with
 * the local executor (what `plesio scan --local` runs), and check that both see the same host.
 * A missing sshd fails the suite with the command that installs it (see test/support/sshd.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localExecutor } from '../../src/executors/local.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let overSsh: HostReport;
let local: HostReport;

beforeAll(async () => {
  sshd = await startSshd();
  const ssh = sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, {
    configPath: null,
    identityFiles: [sshd.clientKeyPath],
    knownHostsPath: sshd.knownHostsPath,
    agent: false,
  });
  const here = localExecutor();
  try {
    // One after the other, so neither scan's load shows in the other's answers.
    overSsh = await scanHost({ executor: ssh });
    local = await scanHost({ executor: here });
  } finally {
    await ssh.close();
    await here.close();
  }
});

afterAll(async () => {
  await sshd?.stop();
});

/**
 * The facts without what changes between two scans a moment apart:
 * - `uptime_seconds` grows while the scans run (checked apart below);
 * - each filesystem's `used_bytes` and `available_bytes` move with whatever writes to the disk
 *   meanwhile (logs, these tests); the mount, device, type and size stay.
 * Everything else (interfaces included) is the same machine seen from two executors.
 */
function stable(facts: Record<string, unknown>): Record<string, unknown> {
  const { uptime_seconds: _uptime, filesystems, ...rest } = facts;
  return {
    ...rest,
    filesystems: (filesystems as Array<Record<string, unknown>> | undefined)?.map(({ used_bytes: _used, available_bytes: _available, ...fs }) => fs),
  };
}

describe('a scan of this machine through the loopback sshd', () => {
  it('succeeds over SSH and locally alike, with no fact failing on either side', () => {
    expect({ status: overSsh.status, error: overSsh.error, errors: overSsh.facts.errors }).toEqual({ status: 'ok', error: null, errors: undefined });
    expect({ status: local.status, error: local.error, errors: local.facts.errors }).toEqual({ status: 'ok', error: null, errors: undefined });
    // A comparison of two empty reports would prove nothing: both hold every Linux fact.
    const linuxFacts = ['uname', 'kernel', 'architecture', 'hostid', 'hostname', 'fqdn', 'os', 'device', 'bios', 'installed_memory_in_MB', 'memory_source', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'filesystems'];
    expect(Object.keys(overSsh.facts).sort()).toEqual([...linuxFacts].sort());
    expect(Object.keys(local.facts).sort()).toEqual([...linuxFacts].sort());
  });

  it('finds the same facts as the local scan, apart from those that change between two scans', () => {
    expect(stable(overSsh.facts)).toEqual(stable(local.facts));
  });

  it('gathers every fact from the same command over SSH as locally', () => {
    expect(overSsh.sources).toEqual(local.sources);
  });

  it('reports an uptime on both sides, the later scan\'s no smaller than the earlier one\'s', () => {
    const [before, after] = [overSsh.facts['uptime_seconds'], local.facts['uptime_seconds']];
    expect(before).toEqual(expect.any(Number));
    expect(after).toBeGreaterThanOrEqual(before as number);
  });

  it('labels the SSH report with the host it connected to', () => {
    expect(overSsh.host).toBe('127.0.0.1');
  });
});
