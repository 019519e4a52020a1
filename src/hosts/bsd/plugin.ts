/**
 * The built-in plugin `bsd`: FreeBSD, OpenBSD, NetBSD and DragonFly, and the facts macOS reads with the
 * same BSD tools (`ifconfig -a`, `route -n get default`, `df -Pk` and `mount`, `ps`). One sysctl
 * command serves hostid, memory, cpu, virtualization, device and disks: the scan runs it once.
 */
import type { Saga } from '../../effects/effect.js';
import { select } from '../../effects/state.js';
import { commonOsRelease, type OsRelease } from '../common/os-release.js';
import { configFileFacts } from '../common/config-files.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { BSD_LIKE, bsdDefaultIpv4, bsdFamilyUptime, bsdFilesystems, bsdInterfaces, optional } from '../common/family-facts.js';
import { linuxDmidecode } from '../linux/dmidecode.js';
import { defineFact, factFromSpec, sourcedFrom, type FactContext, type Sourced } from '../define-fact.js';
import { commonUname } from '../common/uname.js';
import { parseBootTimeFromSysctl } from '../common/boottime.js';
import { definePlugin } from '../plugin.js';
import { attempt, firstOf, probe } from '../probe.js';
import { parseError } from '../common/text.js';
import { bsdCpu } from './cpu.js';
import { bsdDevice, type Hardware } from './device.js';
import { bsdDisks } from './disks.js';
import { bsdHostid } from './hostid.js';
import { freebsdVersion } from './freebsd-version.js';
import { freebsdGeomDisks } from './geom-disks.js';
import { freebsdJlsJson } from './jls-json.js';
import { freebsdJlsPlain } from './jls-plain.js';
import type { Jails } from './jails.js';
import { freebsdKenv } from './kenv.js';
import { bsdMemory } from './memory.js';
import { osFromUname } from './uname-os.js';
import { bsdVirtualization, withJails } from './virtualization.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

/** FreeBSD and DragonFly keep SMBIOS in the kernel environment, and have GEOM. */
const KENV_SYSTEMS: readonly string[] = ['freebsd', 'dragonfly'];

/** The kernel name and release the scan put from uname (`OpenBSD`, `7.5`). */
function* unameFacts(): Saga<{ name: string | undefined; release: string | undefined }> {
  const state = (yield* select()) as { uname?: string; kernel?: string };
  // The first word of `uname -a`, as the scan branches on it.
  return { name: state.uname?.split(/\s+/)[0], release: state.kernel };
}

/** The `os` from the kernel name and release uname gave, when os-release is absent. */
function* osFromKernel(): Saga<Sourced<OsRelease>> {
  const { name, release } = yield* unameFacts();
  const os = name === undefined || release === undefined ? undefined : osFromUname(name, release);
  if (os === undefined) throw parseError('bsd.uname-os', 'no BSD name and release in uname', `${String(name)} ${String(release)}`);
  return sourcedFrom(commonUname, os);
}

const os = defineFact({
  name: 'os', os: 'bsd', description: D.os, commands: [commonOsRelease, freebsdVersion],
  *saga(ctx) {
    // FreeBSD 13 and later ship /etc/os-release, FreeBSD 10 and later freebsd-version (the userland's
    // release); the others, and a FreeBSD without both, are named by their kernel release.
    if (ctx.os !== 'freebsd') return yield* osFromKernel();
    return yield* firstOf<OsRelease | Sourced<OsRelease>>([() => probe(commonOsRelease, ctx), () => probe(freebsdVersion, ctx), () => osFromKernel()]);
  },
});

/** dmidecode (a package, in /usr/local/sbin, off a non-interactive PATH): the SMBIOS fallback through sudo. */
const bsdDmidecode = { ...linuxDmidecode, command: 'PATH=$PATH:/usr/local/sbin dmidecode -t 0 -t 1 -t 17' };

function* dmidecode(ctx: FactContext): Saga<Hardware> {
  const dmi = yield* probe(bsdDmidecode, ctx);
  return { device: dmi.device, bios: dmi.bios };
}

const device = defineFact({
  name: 'device', os: 'bsd', description: D.device, keys: { bios: D.bios }, needsRoot: true,
  commands: [freebsdKenv, bsdDevice, bsdDmidecode],
  *saga(ctx) {
    const first = KENV_SYSTEMS.includes(ctx.os) ? freebsdKenv : bsdDevice;
    const tried = yield* attempt(() => probe(first, ctx));
    if (tried.ok) return tried.value;
    if (!ctx.sudo) throw tried.error;
    const dmi = optional(yield* attempt(() => dmidecode(ctx)));
    if (dmi === undefined) throw tried.error;
    return sourcedFrom(bsdDmidecode, dmi);
  },
});

const installedMemory = defineFact({
  name: 'installed_memory_in_MB', os: 'bsd', description: D.installed_memory_in_MB, keys: { memory_source: D.memory_source },
  command: bsdMemory.command,
  parse: (stdout) => {
    const m = bsdMemory.parse(stdout);
    return { installed_memory_in_MB: m.installed_memory_in_MB, memory_source: m.source };
  },
});

const jails = defineFact({
  name: 'jails', os: 'freebsd', description: D.jails, commands: [freebsdJlsJson, freebsdJlsPlain],
  // jls speaks libxo from FreeBSD 11; before, only its plain table (no names, first address only).
  *saga(ctx) {
    return yield* firstOf([() => probe(freebsdJlsJson, ctx), () => probe(freebsdJlsPlain, ctx)]);
  },
});

const disks = defineFact({
  name: 'disks', os: 'bsd', description: D.disks, commands: [freebsdGeomDisks, bsdDisks],
  *saga(ctx) {
    // GEOM tells sizes, models and serials; the shared sysctl only the names (and is all the others have).
    if (!KENV_SYSTEMS.includes(ctx.os)) return yield* probe(bsdDisks, ctx);
    return yield* firstOf([() => probe(freebsdGeomDisks, ctx), () => probe(bsdDisks, ctx)]);
  },
});

const virtualization = defineFact({
  name: 'virtualization', os: 'bsd', description: D.virtualization,
  // A FreeBSD machine running jails is a jail host: selecting virtualization gathers the jails too.
  needs: ['jails'], commands: [bsdVirtualization],
  *saga(ctx) {
    const guest = yield* probe(bsdVirtualization, ctx);
    const listed = (yield* select((s: { jails?: Jails }) => s.jails)) ?? null;
    return sourcedFrom(bsdVirtualization, withJails(guest, listed));
  },
});

/** plesio's facts of FreeBSD, OpenBSD, NetBSD and DragonFly, and the BSD tools' facts of macOS. */
export const bsdPlugin = definePlugin({
  name: 'bsd',
  version: '1',
  description: 'The facts of FreeBSD, OpenBSD, NetBSD and DragonFly (sysctl, kenv, jls) and the BSD tools macOS shares (ifconfig, route, df, mount, ps).',
  facts: [
    factFromSpec(bsdHostid, { name: 'hostid', os: ['bsd', 'darwin'], description: D.hostid }),
    os,
    device,
    installedMemory,
    bsdInterfaces,
    factFromSpec(bsdCpu, { name: 'cpu', os: 'bsd', description: D.cpu }),
    bsdFamilyUptime,
    virtualization,
    bsdFilesystems,
    jails,
    disks,
    bsdDefaultIpv4,
    defineFact({ name: 'boot_time', os: 'bsd', description: D.boot_time, command: BSD_SYSCTL_COMMAND, parse: (stdout) => parseBootTimeFromSysctl('bsd.boot-time', stdout) }),
    ...configFileFacts([...BSD_LIKE]),
  ],
});
