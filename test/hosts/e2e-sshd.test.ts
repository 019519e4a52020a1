/**
 * End to end: scan this machine twice, once over SSH through a real loopback OpenSSH sshd and once with
 * the local executor (what `plesio scan --local` runs), and check that both see the same host, and that
 * what the SSH scan reports agrees with the system's own tools read directly here: `ip -j route`,
 * `lsblk -J -b`, /etc/resolv.conf, /proc/meminfo and `ssh-keygen -l` of the host keys. The direct reads
 * are parsed here with JSON.parse and plain string handling, not with plesio's parsers.
 * A missing sshd fails the suite with the command that installs it (see test/support/sshd.ts).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localExecutor } from '../../src/executors/local.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

const run = promisify(execFile);

let sshd: TestSshd;
let overSsh: HostReport;
let local: HostReport;
/** /proc/meminfo in kB, read just before and just after the SSH scan. */
let meminfo: { before: Map<string, number>; after: Map<string, number> };

async function readMeminfo(): Promise<Map<string, number>> {
  const text = await readFile('/proc/meminfo', 'utf8');
  return new Map(text.split('\n').filter((l) => l.includes(':')).map((l) => {
    const [key, value] = l.split(':') as [string, string];
    return [key.trim(), Number.parseInt(value.trim(), 10)];
  }));
}

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
    const before = await readMeminfo();
    overSsh = await scanHost({ executor: ssh });
    meminfo = { before, after: await readMeminfo() };
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
 *   meanwhile (logs, these tests); the mount, device, type and size stay;
 * - the available memory and free swap move with whatever runs on this shared machine (checked
 *   against /proc/meminfo below); the totals stay.
 * Everything else (interfaces, routes, disks included) is the same machine seen from two executors.
 */
function stable(facts: Record<string, unknown>): Record<string, unknown> {
  const { uptime_seconds: _uptime, filesystems, memory, ...rest } = facts;
  const { available_mb: _available, swap_free_mb: _free, ...totals } = memory as Record<string, unknown>;
  return {
    ...rest,
    memory: totals,
    filesystems: (filesystems as Array<Record<string, unknown>> | undefined)?.map(({ used_bytes: _used, available_bytes: _available, ...fs }) => fs),
  };
}

describe('a scan of this machine through the loopback sshd', () => {
  it('succeeds over SSH and locally alike, with no fact failing on either side', () => {
    expect({ status: overSsh.status, error: overSsh.error, errors: overSsh.facts.errors }).toEqual({ status: 'ok', error: null, errors: undefined });
    expect({ status: local.status, error: local.error, errors: local.facts.errors }).toEqual({ status: 'ok', error: null, errors: undefined });
    // A comparison of two empty reports would prove nothing: both hold every Linux fact of a default scan.
    const linuxFacts = [
      'uname', 'kernel', 'architecture', 'hostid', 'hostname', 'fqdn', 'os', 'device', 'bios', 'chassis', 'baseboard', 'installed_memory_in_MB',
      'memory_source', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'filesystems', 'hostid_source', 'machine_id', 'memory', 'dns', 'ssh_host_keys',
      'disks', 'routes', 'default_ipv4', 'default_ipv6', 'timezone', 'boot_time', 'selinux', 'apparmor',
    ];
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

interface IpRoute { dst?: string; gateway?: string; dev?: string; metric?: number; type?: string }

describe('the SSH scan agrees with the system\'s own tools read directly', () => {
  it('lists the routes `ip -j route` lists, and its default routes', async () => {
    // Routes do not move on a host at rest (no DHCP renewal or router advertisement during a test).
    const families = await Promise.all([['inet', []], ['inet6', ['-6']]].map(async ([family, flag]) => {
      const { stdout } = await run('ip', ['-j', ...(flag as string[]), 'route', 'show']);
      return (JSON.parse(stdout) as IpRoute[]).filter((r) => r.dst !== undefined).map((r) => ({ family: family as string, ...r }));
    }));
    const direct = families.flat();
    expect(direct.length).toBeGreaterThan(0);
    const reported = overSsh.facts['routes'] as Array<{ family: string; destination: string; gateway: string | null; interface: string | null }>;
    expect(reported.map((r) => [r.family, r.destination, r.gateway, r.interface])).toEqual(direct.map((r) => [r.family, r.dst, r.gateway ?? null, r.dev ?? null]));
    for (const [family, key] of [['inet', 'default_ipv4'], ['inet6', 'default_ipv6']] as const) {
      const defaults = direct.filter((r) => r.family === family && r.dst === 'default' && r.type === undefined).sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
      const fact = overSsh.facts[key] as { gateway: string | null; interface: string | null } | null;
      expect(fact === null ? null : { gateway: fact.gateway, interface: fact.interface }, key)
        .toEqual(defaults[0] === undefined ? null : { gateway: defaults[0].gateway ?? null, interface: defaults[0].dev ?? null });
    }
  });

  it('lists the whole disks `lsblk -J -b` lists, with their sizes', async () => {
    const { stdout } = await run('lsblk', ['-J', '-b', '-d', '-o', 'NAME,SIZE,TYPE,ROTA']);
    const devices = (JSON.parse(stdout) as { blockdevices: Array<{ name: string; size: number | string; type: string; rota: boolean | string }> }).blockdevices
      .filter((d) => (d.type === 'disk' || d.type === 'rom') && !/^(?:loop|ram|dm-|md)[0-9]/.test(d.name));
    expect(devices.length).toBeGreaterThan(0);
    const disks = overSsh.facts['disks'] as Record<string, { size_bytes: number | null; rotational: boolean | null }>;
    expect(Object.keys(disks).sort()).toEqual(devices.map((d) => d.name).sort());
    for (const d of devices) {
      expect(disks[d.name], d.name).toMatchObject({ size_bytes: Number(d.size), rotational: d.rota === true || d.rota === '1' });
    }
  });

  it('reports the name servers and search domains of /etc/resolv.conf', async () => {
    const lines = (await readFile('/etc/resolv.conf', 'utf8')).split('\n').map((l) => l.trim().split(/\s+/));
    const nameservers = lines.filter((w) => w[0] === 'nameserver').map((w) => w[1]);
    const search = lines.filter((w) => w[0] === 'search').at(-1)?.slice(1).filter((d) => d !== '.') ?? [];
    expect(overSsh.facts['dns']).toMatchObject({ nameservers, search });
  });

  it('reports the memory of /proc/meminfo: the totals exactly, what moves between the reads around the scan', () => {
    const mib = (kB: number | undefined): number => Math.floor((kB ?? Number.NaN) / 1024);
    const memory = overSsh.facts['memory'] as { total_mb: number; available_mb: number; swap_total_mb: number; swap_free_mb: number };
    expect({ total_mb: memory.total_mb, swap_total_mb: memory.swap_total_mb }).toEqual({ total_mb: mib(meminfo.after.get('MemTotal')), swap_total_mb: mib(meminfo.after.get('SwapTotal')) });
    // Other processes on this shared machine (other test suites among them) take and give back memory
    // all the time: the scan's reading lies between the two direct reads, give or take what moves in
    // the milliseconds between each of them and the scan's own (256 MiB is a thousand times less than
    // a unit error, and far less than the page cache that separates MemAvailable from MemFree).
    const slack = 256;
    for (const [field, key] of [['available_mb', 'MemAvailable'], ['swap_free_mb', 'SwapFree']] as const) {
      const [a, b] = [mib(meminfo.before.get(key)), mib(meminfo.after.get(key))];
      expect(memory[field], field).toBeGreaterThanOrEqual(Math.min(a, b) - slack);
      expect(memory[field], field).toBeLessThanOrEqual(Math.max(a, b) + slack);
    }
  });

  it('gives the fingerprints `ssh-keygen -l` gives for this machine\'s own host keys', async () => {
    const files = (await readdir('/etc/ssh')).filter((f) => /^ssh_host_.*_key\.pub$/.test(f));
    // openssh-server's installation generates them; without any this test would compare nothing.
    expect(files.length, 'no /etc/ssh/ssh_host_*_key.pub here: dpkg-reconfigure openssh-server generates them').toBeGreaterThan(0);
    const fingerprints = await Promise.all(files.map(async (f) => (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', join('/etc/ssh', f)])).stdout.split(' ')[1]));
    expect(Object.values(overSsh.facts['ssh_host_keys'] as Record<string, string>).sort()).toEqual(fingerprints.sort());
  });
});
