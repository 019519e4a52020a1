/**
 * The host scan saga: stepped descriptor by descriptor (cloned at the OS branch, as the 2009 scanner
 * branched on `uname`), then run with the real interpreter, a replayed host and providers for the
 * failures, selections and privileges a real fleet brings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { all } from '../../src/effects/combinators.js';
import { call } from '../../src/effects/call.js';
import { exec, ExecEffect } from '../../src/effects/exec.js';
import { fork } from '../../src/effects/fork.js';
import { put, PutEffect, select } from '../../src/effects/state.js';
import { join as joinTask } from '../../src/effects/task-control.js';
import type { AnyEffect } from '../../src/effects/effect.js';
import type { Task } from '../../src/effects/task.js';
import { CommandTimeoutError, ConnectionLostError, PrivilegeRequiredError } from '../../src/executors/errors.js';
import { readFixture, type Fixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { commonUname } from '../../src/hosts/common/uname.js';
import { gather } from '../../src/hosts/gatherer.js';
import { linuxDmidecode } from '../../src/hosts/linux/dmidecode.js';
import { linuxGatherers } from '../../src/hosts/linux/scan.js';
import { attempt, type Outcome } from '../../src/hosts/probe.js';
import { osOf, scanHostSaga, type ScanSagaOptions } from '../../src/hosts/scan-saga.js';
import { sunosGatherers } from '../../src/hosts/sunos/scan.js';
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

  it('gathers every Linux fact side by side in one all once the branch says Linux, then ends', () => {
    const linux = atTheBranch().clone();
    expect(linux.next('Linux').value).toEqual(all(linuxGatherers.map((g) => call(gather, g, options, {}))));
    expect(linux.next(linuxGatherers.map(() => undefined))).toEqual({ done: true, value: undefined });
  });

  it('starts dmidecode once before the Linux gatherers when sudo is allowed, and hands its task to every gatherer', () => {
    const sudo = { ...options, sudo: true };
    const linux = atTheBranch(sudo).clone();
    expect(linux.next('Linux').value).toEqual(fork(attempt, expect.any(Function) as never));
    const dmidecode = finishedTask({ ok: false, error: new Error('no SMBIOS') });
    expect(linux.next(dmidecode).value).toEqual(all(linuxGatherers.map((g) => call(gather, g, sudo, { dmidecode }))));
  });

  it('on SunOS starts zonename and virtinfo first, gathers side by side, then decides virtualization from the facts', () => {
    const sunos = atTheBranch().clone();
    expect(sunos.next('SunOS').value).toEqual(fork(attempt, expect.any(Function) as never));
    const zonename = finishedTask({ ok: true, value: 'global' });
    expect(sunos.next(zonename).value).toEqual(fork(attempt, expect.any(Function) as never));
    const virtinfo = finishedTask({ ok: true, value: { current: [], parents: [], domain_role: null } });
    expect(sunos.next(virtinfo).value).toEqual(all(sunosGatherers.map((g) => call(gather, g, options, { zonename, virtinfo }))));
    // Virtualization runs after the others: it joins the virtinfo started first, then reads their facts.
    expect(sunos.next(sunosGatherers.map(() => undefined)).value).toEqual(joinTask(virtinfo));
    expect(sunos.next(virtinfo.result()).value).toEqual(select());
    const facts = { zonename: 'global', device: { system_vendor: 'VMware, Inc.', system_product: 'VMware Virtual Platform' }, cpu: { model: 'Intel(r) Xeon(r)' } };
    const last = sunos.next(facts).value;
    expect(applied(last, {})).toEqual({ virtualization: { role: 'guest', type: 'vmware' }, sources: { virtualization: '/usr/sbin/virtinfo' } });
    expect(sunos.next()).toEqual({ done: true, value: undefined });
  });

  it.each(['FreeBSD', 'Darwin', 'AIX', 'HP-UX'])('keeps uname and reports %s as an unsupported OS without running anything else', (os) => {
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

describe('scanHostSaga run against a replayed host with providers', () => {
  const linux = () => replayExecutor(linuxFixture);
  const sunos = () => replayExecutor(sunosFixture);
  const everyLinuxFact = ['uname', 'kernel', 'architecture', 'hostid', 'hostname', 'fqdn', 'os', 'device', 'bios', 'installed_memory_in_MB', 'memory_source', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'filesystems'];

  it('gathers every Linux fact and records no error when every command answers', async () => {
    const { state } = await expectSaga(scanHostSaga, options).withExecutor(linux()).run();
    expect(Object.keys(state as object).sort()).toEqual([...everyLinuxFact, 'sources'].sort());
  });

  it('records a failing gatherer under errors with its typed error and keeps every other fact', async () => {
    const { state } = await expectSaga(scanHostSaga, options)
      .withExecutor(linux())
      .provide([
        [{ exec: 'hostid' }, throwError(new CommandTimeoutError('hostid ran past 30000 ms', { host: 'h', command: 'hostid' }))],
        [{ exec: 'cat /proc/cpuinfo' }, commandResult('', { code: 1, stderr: 'cat: /proc/cpuinfo: Permission denied\n' })],
      ])
      .run();
    const s = state as Record<string, unknown> & { errors: Record<string, { code: string; message: string }> };
    expect(s.errors).toEqual({
      hostid: { code: 'timeout', message: 'hostid ran past 30000 ms' },
      cpu: { code: 'command-failed', message: '"cat /proc/cpuinfo" exited with 1: cat: /proc/cpuinfo: Permission denied' },
    });
    expect(Object.keys(s).sort()).toEqual([...everyLinuxFact.filter((k) => k !== 'hostid' && k !== 'cpu'), 'errors', 'sources'].sort());
  });

  it('runs only uname and the chosen fact\'s command for a --facts selection', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, { ...options, facts: ['hostid'] })
      .withExecutor(linux())
      .exec(commonUname.command)
      .exec('hostid')
      .not.exec('cat /proc/cpuinfo')
      .not.exec(linuxDmidecode.command)
      .run();
    expect(commandsOf(effects)).toEqual([commonUname.command, 'hostid']);
    expect(state).toEqual({ uname: 'Linux vm 6.18.44-fc-v595 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux', kernel: '6.18.44-fc-v595', architecture: 'x86_64', hostid: '007f0100' });
  });

  it('runs every source of a fact chosen with --facts, and nothing else', async () => {
    const { effects } = await expectSaga(scanHostSaga, { ...options, facts: ['memory_source'] }).withExecutor(linux()).run();
    expect(commandsOf(effects).sort()).toEqual([commonUname.command, command(linuxFixture, 'cat /sys/devices/system/memory'), 'cat /proc/meminfo'].sort());
  });

  it('gathers the evidence of virtualization when only virtualization is chosen on SunOS, so a VMware guest stays a guest', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, { ...options, facts: ['virtualization'] })
      .withExecutor(sunos())
      .exec('/usr/sbin/smbios')
      .not.exec('/usr/bin/df -k')
      .not.exec('hostid')
      .run();
    expect((state as { virtualization: unknown }).virtualization).toEqual({ role: 'guest', type: 'vmware' });
    expect(commandsOf(effects).sort()).toEqual([
      commonUname.command, '/usr/bin/zonename', '/usr/sbin/virtinfo', '/usr/sbin/zoneadm list -cp', '/usr/sbin/smbios', '/usr/sbin/psrinfo -pv',
    ].sort());
  });

  it('records a lost connection as the failing gatherer\'s error and keeps the facts gathered beside it', async () => {
    const lost = new ConnectionLostError('h: the connection was lost (keepalive unanswered)', { host: 'h', command: 'ip -j addr show' });
    const { state } = await expectSaga(scanHostSaga, options)
      .withExecutor(linux())
      .provide([[{ exec: 'ip -j addr show' }, throwError(lost)]])
      // A lost connection is no reason to try the fallbacks on the same host.
      .not.exec('ip addr show')
      .not.exec('ifconfig -a')
      .run();
    const s = state as Record<string, unknown> & { errors: Record<string, unknown> };
    expect(s.errors).toEqual({ interfaces: { code: 'connection-lost', message: 'h: the connection was lost (keepalive unanswered)' } });
    expect(s['hostid']).toBe('007f0100');
    expect(s['cpu']).toEqual({ model: 'Intel(R) Xeon(R) Processor @ 2.50GHz', sockets: 1, cores: 2, threads: 2 });
  });

  it('tries the next interface source when the preferred one is missing', async () => {
    const { state } = await expectSaga(scanHostSaga, { ...options, facts: ['interfaces'] })
      .provide([
        [{ exec: commonUname.command }, unameOutput('Linux', 'old', '3.10.0', '#1 SMP', 'x86_64')],
        [{ exec: 'ip -j addr show' }, commandResult('', { code: 255, stderr: 'Option "-j" is unknown, try "ip -help".\n' })],
        [{ exec: 'ip addr show' }, sample('linux.ip-addr/busybox-1.35-firecracker.txt')],
      ])
      .exec('ip addr show')
      .not.exec('ifconfig -a')
      .run();
    expect(Object.keys((state as { interfaces: object }).interfaces)).toContain('lo');
  });

  it('reports FreeBSD as an unsupported OS and runs nothing after uname', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, options)
      .provide([[{ exec: commonUname.command }, unameOutput('FreeBSD', 'bsd1', '14.1-RELEASE', 'FreeBSD 14.1-RELEASE GENERIC', 'amd64')]])
      .run();
    expect(commandsOf(effects)).toEqual([commonUname.command]);
    expect(state).toEqual({ uname: 'FreeBSD bsd1 14.1-RELEASE FreeBSD 14.1-RELEASE GENERIC amd64', kernel: '14.1-RELEASE', architecture: 'amd64', unsupported_os: 'FreeBSD' });
  });

  it('fails the saga when uname itself cannot run, since nothing can be branched on', async () => {
    await expectSaga(scanHostSaga, options)
      .provide([[{ exec: commonUname.command }, throwError(new ConnectionLostError('h: connection reset', { host: 'h' }))]])
      .throws(ConnectionLostError)
      .run();
  });
});

describe('scanHostSaga and sudo', () => {
  const sysfs = 'grep -s . /sys/class/dmi/id/* || true';
  const withSudo = { ...options, sudo: true };

  it('never runs dmidecode when sudo is not allowed', async () => {
    await expectSaga(scanHostSaga, options).withExecutor(replayExecutor(linuxFixture)).not.exec(linuxDmidecode.command).run();
  });

  it('runs dmidecode once, through sudo, when sudo is allowed, and fills what sysfs hides from non-root', async () => {
    const { effects, state } = await expectSaga(scanHostSaga, withSudo)
      .withExecutor(replayExecutor(linuxFixture))
      .provide([
        [{ exec: sysfs }, sample('linux.dmi-sysfs/hp-envy-x360-13-non-root.txt')],
        [{ exec: linuxDmidecode.command }, sample('linux.dmidecode/vmware-esxi-guest.txt')],
      ])
      .effect(exec(linuxDmidecode.command, { timeoutMs: 30_000, sudo: true }))
      .run();
    expect(commandsOf(effects).filter((c) => c === linuxDmidecode.command)).toHaveLength(1);
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
      net0: { ipv4_addresses: ['10.0.0.5'], ipv6_addresses: [], mac_address: '72:53:2c:7d:77:17', zone: null },
    });
  });
});
