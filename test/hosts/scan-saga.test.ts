/**
 * The host scan saga: stepped descriptor by descriptor (cloned at the OS branch, as the 2009 scanner
 * branched on `uname`), then run with the real interpreter, a replayed host and providers for the
 * failures, selections and privileges a real fleet brings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/effects/call.js';
import { exec, ExecEffect } from '../../src/effects/exec.js';
import { fork } from '../../src/effects/fork.js';
import { put, PutEffect, select } from '../../src/effects/state.js';
import { join as joinTask } from '../../src/effects/task-control.js';
import type { AnyEffect } from '../../src/effects/effect.js';
import type { ExecOptions } from '../../src/effects/command.js';
import type { Task } from '../../src/effects/task.js';
import { CommandTimeoutError, ConnectionLostError, PrivilegeRequiredError } from '../../src/executors/errors.js';
import { readFixture, type Fixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { commonUname } from '../../src/hosts/common/uname.js';
import { factRegistry } from '../../src/hosts/builtins.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { gatherFact, gatherFacts, putFact } from '../../src/hosts/gather.js';
import { memoExecutor } from '../../src/hosts/memo-executor.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { linuxDmidecode } from '../../src/hosts/linux/dmidecode.js';
import { linuxFiles } from '../../src/hosts/linux/files.js';
import { linuxHostid } from '../../src/hosts/linux/hostid.js';
import { linuxIpDetails } from '../../src/hosts/linux/ip-details.js';
import { IP_JSON_COMMAND } from '../../src/hosts/linux/network.js';
import { linuxIpRoute } from '../../src/hosts/linux/ip-route.js';
import { cpuInfoSpec } from '../../src/hosts/sunos/cpu-info.js';
import type { Outcome } from '../../src/hosts/probe.js';
import { osOf, scanHostSaga, type ScanSagaOptions } from '../../src/hosts/scan-saga.js';
import { run } from '../../src/interpreter/run.js';
import { cloneableGenerator } from '../../src/testing/clone.js';
import { expectSaga } from '../../src/testing/expect-saga.js';
import { commandResult, throwError } from '../../src/testing/providers.js';

const options: ScanSagaOptions = { sudo: false, timeoutMs: 30_000 };
const scans = join(import.meta.dirname, '..', 'fixtures', 'scans');
const linuxFixture = await readFixture(join(scans, 'linux-debian12-firecracker.json'));
const sunosFixture = await readFixture(join(scans, 'sunos-solaris11-assembled.json'));

/** The six lines `commonUname.command` prints. */
function unameOutput(kernelName: string, nodename = 'host1', release = '5.11', version = '11.4.0.15.0', machine = 'i86pc'): string {
  return [kernelName, nodename, release, version, machine, `${kernelName} ${nodename} ${release} ${version} ${machine}`].join('\n') + '\n';
}

/** A real output kept in the parser fixtures, without the line naming its source. */
function sample(path: string): string {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'parsers', path), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

/** A finished task of a run of its own, to feed a stepped saga where it expects a forked probe. */
function finishedTask(outcome: Outcome<unknown>): Task<Outcome<unknown>> {
  return run(function* finished() { return outcome; });
}

/** The commands a run's `exec` effects asked for, in the order they were triggered. */
function commandsOf(effects: readonly AnyEffect[]): string[] {
  return effects.filter((e): e is ExecEffect => e instanceof ExecEffect).map((e) => e.command);
}

/** What a recipe `put` does to `state`. */
function applied(effect: unknown, state: Record<string, unknown>): unknown {
  expect(effect).toBeInstanceOf(PutEffect);
  const update = (effect as PutEffect).update;
  return typeof update === 'function' ? produce(state, update as (draft: Record<string, unknown>) => void) : { ...state, ...update };
}

function command(fixture: Fixture, start: string): string {
  const entry = fixture.entries.find((e) => e.command.startsWith(start));
  if (entry === undefined) throw new Error(`no command starting with ${start} in ${fixture.host}`);
  return entry.command;
}

describe('scanHostSaga stepped descriptor by descriptor', () => {
  const builtins = factRegistry();

  /** A generator stopped at the OS branch: uname ran, its facts were put, the OS is being selected. */
  function atTheBranch(sagaOptions: ScanSagaOptions = options) {
    const gen = cloneableGenerator(scanHostSaga)(sagaOptions);
    gen.next();
    gen.next(commandResult(unameOutput('SunOS')));
    gen.next();
    return gen;
  }

  it('runs uname first, puts the kernel facts, then selects the OS from the state', () => {
    const gen = cloneableGenerator(scanHostSaga)(options);
    expect(gen.next().value).toEqual(exec(commonUname.command, { timeoutMs: 30_000 }));
    expect(gen.next(commandResult(unameOutput('Linux', 'web1', '6.1.0-18-amd64', '#1 SMP PREEMPT_DYNAMIC', 'x86_64'))).value)
      .toEqual(put({ uname: 'Linux web1 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC x86_64', kernel: '6.1.0-18-amd64', architecture: 'x86_64' }));
    expect(gen.next().value).toEqual(select(osOf));
  });

  it('passes the command timeout to uname and puts nothing when uname does not parse', () => {
    const gen = cloneableGenerator(scanHostSaga)({ sudo: false, timeoutMs: 5_000 });
    expect(gen.next().value).toEqual(exec(commonUname.command, { timeoutMs: 5_000 }));
    expect(() => gen.next(commandResult('sh: uname: not found\n', { code: 127 }))).toThrow(/uname/);
  });

  it('gathers every Linux fact of the registry in one call once the branch says Linux, then ends', () => {
    const linux = atTheBranch().clone();
    expect(linux.next('Linux').value).toEqual(call(gatherFacts, builtins.plan('linux'), { os: 'linux', sudo: false, timeoutMs: 30_000 }));
    expect(linux.next()).toEqual({ done: true, value: undefined });
  });

  it('gathers the SunOS facts, with the --facts selection and sudo it was given, on SunOS', () => {
    const sunos = atTheBranch({ ...options, sudo: true, facts: ['zones'] }).clone();
    expect(sunos.next('SunOS').value).toEqual(call(gatherFacts, builtins.plan('sunos', ['zones']), { os: 'sunos', sudo: true, timeoutMs: 30_000 }));
    expect(builtins.plan('sunos', ['zones']).map((p) => p.fact.name)).toEqual(['zones']);
  });

  it('gathers the facts of the registry it is given: a plugin fact beside the built-in FreeBSD facts', () => {
    const acme = definePlugin({ name: 'acme', version: '1.0.0', facts: [defineFact({ name: 'timezone', os: 'bsd', command: 'date +%Z', parse: (s) => s.trim() })] });
    const registry = factRegistry([acme]);
    const gen = cloneableGenerator(scanHostSaga)({ ...options, registry });
    gen.next();
    gen.next(commandResult(unameOutput('FreeBSD', 'bsd1', '14.1-RELEASE', 'FreeBSD 14.1-RELEASE GENERIC', 'amd64')));
    gen.next();
    const plan = registry.plan('freebsd');
    expect(plan.map((p) => p.plugin)).toContain('acme');
    expect(gen.next('FreeBSD').value).toEqual(call(gatherFacts, plan, { os: 'freebsd', sudo: false, timeoutMs: 30_000 }));
  });

  it.each([
    ['FreeBSD', 'freebsd'], ['DragonFly', 'dragonfly'], ['OpenBSD', 'openbsd'], ['NetBSD', 'netbsd'], ['Darwin', 'darwin'], ['AIX', 'aix'], ['HP-UX', 'hpux'],
  ] as const)('branches on %s to the %s facts of the built-in plugins, with the sudo and selection it was given', (name, family) => {
    const branch = atTheBranch({ ...options, sudo: true }).clone();
    const plan = builtins.plan(family);
    expect(branch.next(name).value).toEqual(call(gatherFacts, plan, { os: family, sudo: true, timeoutMs: 30_000 }));
    expect(branch.next()).toEqual({ done: true, value: undefined });
    // Each family's plan holds its own plugin's facts, and no other family's.
    const plugins = new Set(plan.map((p) => p.plugin));
    const own = { freebsd: 'bsd', dragonfly: 'bsd', openbsd: 'bsd', netbsd: 'bsd', darwin: 'darwin', aix: 'aix', hpux: 'hpux' }[family];
    expect(plugins.has(own)).toBe(true);
    for (const other of ['linux', 'sunos', 'darwin', 'aix', 'hpux'].filter((p) => p !== own)) expect(plugins.has(other), other).toBe(false);
  });

  it.each(['Plan9', 'IRIX64', 'Haiku'])('keeps uname and reports %s as an unsupported OS without running anything else', (os) => {
    const other = atTheBranch().clone();
    expect(other.next(os).value).toEqual(put({ unsupported_os: os }));
    expect(other.next()).toEqual({ done: true, value: undefined });
  });

  it('reports an unsupported OS of null when the state holds no uname to branch on', () => {
    const other = atTheBranch().clone();
    expect(other.next(undefined).value).toEqual(put({ unsupported_os: null }));
  });

  it('selects the OS as the first word of uname -a, like the original', () => {
    expect(osOf({ uname: 'SunOS myhost.mydomain.com 5.10 Generic_127112-11 i86pc i386 i86pc' })).toBe('SunOS');
    expect(osOf({ uname: 'Linux web1 6.1.0 #1 SMP x86_64 GNU/Linux' })).toBe('Linux');
    expect(osOf({})).toBeUndefined();
  });
});

describe('gatherFacts stepped descriptor by descriptor', () => {
  const ctx = { os: 'sunos', sudo: false, timeoutMs: 30_000 } as const;

  /** Steps gatherFacts over `plan`, checking each fork; returns the tasks handed to each fact that needs others. */
  function forksOf(plan: ReturnType<ReturnType<typeof factRegistry>['plan']>, c: typeof ctx | { os: 'linux'; sudo: false; timeoutMs: 30_000 }) {
    const gen = gatherFacts(plan, c);
    const tasks = new Map<string, Task<Outcome<unknown>>>();
    const handed = new Map<string, string[]>();
    let step = gen.next();
    for (const planned of plan) {
      const after = planned.fact.needs.map((n) => tasks.get(n)).filter((t) => t !== undefined);
      expect(step.value).toEqual(fork(gatherFact, planned, c, after as Task<never>[]));
      handed.set(planned.fact.name, planned.fact.needs.filter((n) => tasks.has(n)));
      const task = finishedTask({ ok: true, value: planned.fact.name });
      tasks.set(planned.fact.name, task);
      step = gen.next(task);
    }
    expect(step).toEqual({ done: true, value: undefined });
    return handed;
  }

  it('forks every planned fact at once, each in a task of its own, in plan order; the routes after the interfaces', () => {
    const handed = forksOf(factRegistry().plan('linux'), { ...ctx, os: 'linux' });
    expect([...handed].filter(([, needs]) => needs.length > 0)).toEqual([['routes', ['interfaces']]]);
  });

  it('hands SunOS virtualization the tasks of the four facts it needs, and the routes the interfaces', () => {
    const plan = factRegistry().plan('sunos');
    const handed = forksOf(plan, ctx);
    expect([...handed].filter(([, needs]) => needs.length > 0)).toEqual([['virtualization', ['zonename', 'zones', 'device', 'cpu']], ['routes', ['interfaces']]]);
    // Each comes after every fact it needs.
    const at = (name: string) => plan.findIndex((p) => p.fact.name === name);
    expect(Math.min(at('virtualization'), at('routes'))).toBeGreaterThan(Math.max(...['zonename', 'zones', 'device', 'cpu', 'interfaces'].map(at)));
  });

  it('starts virtualization\'s own command while it waits for the facts it needs, then joins them', () => {
    const virtualization = factRegistry().plan('sunos').find((p) => p.fact.name === 'virtualization')!;
    const needed = [finishedTask({ ok: true, value: undefined })];
    const gen = gatherFact(virtualization, ctx, needed as never);
    expect(gen.next().value).toMatchObject({ type: 'fork', detached: false, args: [{ command: '/usr/sbin/virtinfo', needsRoot: false, fallback: false }, ctx] });
    expect(gen.next().value).toEqual(joinTask(needed));
  });
});

describe('a built-in fact saga stepped descriptor by descriptor', () => {
  const ctx = { os: 'sunos', sudo: false, timeoutMs: 30_000 } as const;

  it('decides SunOS virtualization from virtinfo and the facts in the state, and names virtinfo as the source', () => {
    const planned = factRegistry().plan('sunos').find((p) => p.fact.name === 'virtualization')!;
    const gen = planned.fact.saga(ctx);
    expect(gen.next().value).toEqual(exec('/usr/sbin/virtinfo', { timeoutMs: 30_000 }));
    expect(gen.next(commandResult('', { code: 127, stderr: 'virtinfo: not found\n' })).value).toEqual(select());
    const facts = { zonename: 'global', device: { system_vendor: 'VMware, Inc.', system_product: 'VMware Virtual Platform' }, cpu: { model: 'Intel(r) Xeon(r)' } };
    const done = gen.next(facts);
    expect(done.done).toBe(true);
    const put = putFact(planned, done.value).next().value;
    expect(applied(put, {})).toEqual({ virtualization: { role: 'guest', type: 'vmware' }, sources: { virtualization: '/usr/sbin/virtinfo' } });
  });
});

describe('scanHostSaga run against a replayed host with providers', () => {
  const linux = () => replayExecutor(linuxFixture);
  const sunos = () => replayExecutor(sunosFixture);
  const everyLinuxFact = [
    'uname', 'kernel', 'architecture', 'hostid', 'hostname', 'fqdn', 'os', 'device', 'bios', 'installed_memory_in_MB', 'memory_source', 'interfaces',
    'cpu', 'uptime_seconds', 'virtualization', 'filesystems', 'hostid_source', 'chassis', 'baseboard', 'machine_id', 'memory', 'dns', 'ssh_host_keys', 'disks',
    'routes', 'default_ipv4', 'default_ipv6', 'timezone', 'boot_time', 'selinux', 'apparmor',
  ];

  it('gathers every Linux fact and records no error when every command answers', async () => {
    const { state } = await expectSaga(scanHostSaga, options).withExecutor(linux()).run();
    expect(Object.keys(state as object).sort()).toEqual([...everyLinuxFact, 'sources'].sort());
  });

  it('records a failing fact under errors with its typed error and keeps every other fact', async () => {
    const { state } = await expectSaga(scanHostSaga, options)
      .withExecutor(linux())
      .provide([
        [{ exec: linuxHostid.command }, throwError(new CommandTimeoutError('hostid ran past 30000 ms', { host: 'h', command: 'hostid' }))],
        [{ exec: 'cat /proc/cpuinfo' }, commandResult('', { code: 1, stderr: 'cat: /proc/cpuinfo: Permission denied\n' })],
      ])
      .run();
    const s = state as Record<string, unknown> & { errors: Record<string, { code: string; message: string }> };
    expect(s.errors).toEqual({
      hostid: { code: 'timeout', message: 'hostid ran past 30000 ms' },
      cpu: { code: 'command-failed', message: '"cat /proc/cpuinfo" exited with 1: cat: /proc/cpuinfo: Permission denied' },
    });
    expect(Object.keys(s).sort()).toEqual([...everyLinuxFact.filter((k) => !['hostid', 'hostid_source', 'cpu'].includes(k)), 'errors', 'sources'].sort());
  });

  it('runs only uname and the chosen fact\'s command for a --facts selection', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, { ...options, facts: ['hostid'] })
      .withExecutor(linux())
      .exec(commonUname.command)
      .exec(linuxHostid.command)
      .not.exec('cat /proc/cpuinfo')
      .not.exec(linuxDmidecode.command)
      .run();
    expect(commandsOf(effects)).toEqual([commonUname.command, linuxHostid.command]);
    expect(state).toEqual({
      uname: 'Linux vm 6.18.44-fc-v1272 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux', kernel: '6.18.44-fc-v1272', architecture: 'x86_64',
      // No /etc/hostid on the recorded host: glibc made the number up from the address of its name.
      hostid: '007f0100', hostid_source: 'ip-address',
    });
  });

  it('runs every source of a fact chosen with --facts, and nothing else', async () => {
    const { effects } = await expectSaga(scanHostSaga, { ...options, facts: ['memory_source'] }).withExecutor(linux()).run();
    expect(commandsOf(effects).sort()).toEqual([commonUname.command, command(linuxFixture, 'cat /sys/devices/system/memory'), 'cat /proc/meminfo'].sort());
  });

  it('gathers the evidence of virtualization when only virtualization is chosen on SunOS, so a VMware guest stays a guest', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, { ...options, facts: ['virtualization'] })
      .withExecutor(memoExecutor(sunos()))
      .exec('/usr/sbin/smbios')
      .not.exec('/usr/bin/df -k')
      .not.exec('hostid')
      .run();
    expect((state as { virtualization: unknown }).virtualization).toEqual({ role: 'guest', type: 'vmware' });
    expect([...new Set(commandsOf(effects))].sort()).toEqual([
      commonUname.command, '/usr/bin/zonename', '/usr/sbin/virtinfo', '/usr/sbin/zoneadm list -cp', '/usr/sbin/smbios', '/usr/sbin/psrinfo -pv', cpuInfoSpec.command,
    ].sort());
  });

  it('records a lost connection as the failing fact\'s error and keeps the facts gathered beside it', async () => {
    const lost = new ConnectionLostError('h: the connection was lost (keepalive unanswered)', { host: 'h', command: IP_JSON_COMMAND });
    const { state } = await expectSaga(scanHostSaga, options)
      .withExecutor(linux())
      .provide([[{ exec: IP_JSON_COMMAND }, throwError(lost)]])
      // A lost connection is no reason to try the fallbacks on the same host.
      .not.exec(linuxIpDetails.command)
      .not.exec('ifconfig -a')
      .not.exec(linuxIpRoute.command)
      .run();
    const s = state as Record<string, unknown> & { errors: Record<string, unknown> };
    // The routes read the same iproute2 command: they fail with it, and do not fall back either.
    const lostInfo = { code: 'connection-lost', message: 'h: the connection was lost (keepalive unanswered)' };
    expect(s.errors).toEqual({ interfaces: lostInfo, routes: lostInfo });
    expect(s['hostid']).toBe('007f0100');
    expect(s['cpu']).toMatchObject({ model: 'Intel(R) Xeon(R) Processor', sockets: 1, cores: 2, threads: 2, vendor: 'GenuineIntel', speed_mhz: 2300 });
    expect(s).not.toHaveProperty('default_ipv4');
  });

  it('tries the next interface source when the preferred one is missing', async () => {
    const { state } = await expectSaga(scanHostSaga, { ...options, facts: ['interfaces'] })
      .provide([
        [{ exec: commonUname.command }, unameOutput('Linux', 'old', '3.10.0', '#1 SMP', 'x86_64')],
        [{ exec: IP_JSON_COMMAND }, commandResult('', { code: 255, stderr: 'Option "-j" is unknown, try "ip -help".\n' })],
        [{ exec: linuxIpDetails.command }, sample('linux.ip-addr/busybox-1.35-firecracker.txt')],
        [{ exec: linuxFiles.command }, '/sys/class/net/eth0/speed:1000\n'],
      ])
      .exec(linuxIpDetails.command)
      .not.exec('ifconfig -a')
      .run();
    const interfaces = (state as { interfaces: Record<string, { mtu: number | null; speed_mbps: number | null }> }).interfaces;
    expect(Object.keys(interfaces)).toContain('lo');
    // The text of ip addr gives the details too; the speed comes from the file sweep.
    expect(interfaces['eth0']).toMatchObject({ mtu: 1400, up: true, type: 'ether', speed_mbps: 1000 });
  });

  it('reports an unknown system as an unsupported OS and runs nothing after uname', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, options)
      .provide([[{ exec: commonUname.command }, unameOutput('IRIX64', 'indy', '6.5', '07202013', 'IP35')]])
      .run();
    expect(commandsOf(effects)).toEqual([commonUname.command]);
    expect(state).toEqual({ uname: 'IRIX64 indy 6.5 07202013 IP35', kernel: '6.5', architecture: 'IP35', unsupported_os: 'IRIX64' });
  });

  it('fails the saga when uname itself cannot run, since nothing can be branched on', async () => {
    await expectSaga(scanHostSaga, options)
      .provide([[{ exec: commonUname.command }, throwError(new ConnectionLostError('h: connection reset', { host: 'h' }))]])
      .throws(ConnectionLostError)
      .run();
  });
});

describe('scanHostSaga and sudo', () => {
  const sysfs = linuxFiles.command;
  const withSudo = { ...options, sudo: true };

  it('never runs dmidecode when sudo is not allowed', async () => {
    await expectSaga(scanHostSaga, options).withExecutor(replayExecutor(linuxFixture)).not.exec(linuxDmidecode.command).run();
  });

  it('runs dmidecode once, through sudo, when sudo is allowed, and fills what sysfs hides from non-root', async () => {
    let dmidecodeRuns = 0;
    const replay = replayExecutor(linuxFixture);
    const answers: Record<string, string> = {
      [sysfs]: sample('linux.dmi-sysfs/hp-envy-x360-13-non-root.txt'),
      [linuxDmidecode.command]: sample('linux.dmidecode/vmware-esxi-guest.txt'),
    };
    const counting = {
      ...replay,
      exec: async (c: string, o?: ExecOptions) => {
        if (c === linuxDmidecode.command) dmidecodeRuns++;
        return answers[c] === undefined ? replay.exec(c, o) : commandResult(answers[c]!);
      },
    };
    const { effects, state } = await expectSaga(scanHostSaga, withSudo)
      .withExecutor(memoExecutor(counting))
      .effect(exec(linuxDmidecode.command, { timeoutMs: 30_000, sudo: true }))
      .run();
    // Two facts read it (device and installed_memory_in_MB), each with its own exec; the host runs it once.
    expect(commandsOf(effects).filter((c) => c === linuxDmidecode.command)).toHaveLength(2);
    expect(dmidecodeRuns).toBe(1);
    const device = (state as { device: Record<string, unknown> }).device;
    // The product comes from sysfs; the serial and the UUID, root-only there, from dmidecode.
    expect(device).toMatchObject({ system_product: 'HP ENVY x360 Convertible 13-ag0xxx', system_serial: 'VMware-42 1a ee 9a 8e 13 ee e5-fc ec 82 3d cd 74 76 94', system_uuid: '9aee1a42-138e-e5ee-fcec-823dcd747694' });
  });

  it('prefers the installed DIMMs dmidecode counts over the kernel\'s view of memory, and names dmidecode as the source', async () => {
    const { state } = await expectSaga(scanHostSaga, { ...withSudo, facts: ['installed_memory_in_MB'] })
      .withExecutor(replayExecutor(linuxFixture))
      .provide([[{ exec: linuxDmidecode.command }, sample('linux.dmidecode/amd-laptop-sodimm-t17.txt')]])
      .run();
    expect(state).toMatchObject({ installed_memory_in_MB: 8192, memory_source: 'dmi', sources: { installed_memory_in_MB: linuxDmidecode.command, memory_source: linuxDmidecode.command } });
  });

  it('falls back to the non-root sources without an error when sudo refuses dmidecode', async () => {
    const { state } = await expectSaga(scanHostSaga, withSudo)
      .withExecutor(replayExecutor(linuxFixture))
      .provide([[{ exec: linuxDmidecode.command }, throwError(new PrivilegeRequiredError('h: sudo -n dmidecode: a password is required', { host: 'h' }))]])
      .run();
    expect(state).toMatchObject({ installed_memory_in_MB: 24576, memory_source: 'memory-blocks' });
    expect(state).not.toHaveProperty('errors');
  });
});

describe('scanHostSaga on a Solaris zone', () => {
  it('treats the VNICs dladm lists under the scanned zone\'s own name as local interfaces, not another zone\'s', async () => {
    const { state } = await expectSaga(scanHostSaga, { ...options, facts: ['interfaces'] })
      .withExecutor(replayExecutor(sunosFixture))
      .provide([
        [{ exec: '/usr/bin/zonename' }, 'web\n'],
        // Run without root: ifconfig prints no ether line, so the MAC can only come from dladm.
        [{ exec: '/sbin/ifconfig -a' }, 'net0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet 10.0.0.5 netmask ffffff00 broadcast 10.0.0.255\n'],
        [{ exec: '/usr/sbin/dladm show-phys -m' }, ''],
        [{ exec: '/usr/sbin/dladm show-vnic' }, 'LINK         OVER       SPEED MACADDRESS        MACADDRTYPE VID  ZONE\nnet0         ?          0     72:53:2c:7d:77:17 fixed       0    web\n'],
      ])
      .run();
    expect((state as { interfaces: unknown }).interfaces).toEqual({
      net0: {
        ipv4_addresses: ['10.0.0.5'], ipv6_addresses: [], mac_address: '72:53:2c:7d:77:17', zone: null,
        // ifconfig's details; dladm show-link (the replayed answer) does not list this zone's net0.
        mtu: 1500, up: true, type: null, speed_mbps: null, addresses: [{ family: 'inet', address: '10.0.0.5', prefix: 24 }], members: [],
      },
    });
  });
});
