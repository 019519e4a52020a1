/**
 * The built-in plugin `aix`. Commands by absolute path: a non-interactive ssh session on AIX gets the
 * short PATH of /etc/environment. `lsconf` (the system summary prtconf prints) gives the machine,
 * firmware, memory and processors, and lists every device after them, which is slow on big partitions:
 * the facts reading it are bounded by a timeout, and fall back to `lparstat -i` for memory.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { bsdInterfacesSpec } from '../common/bsd-ifconfig.js';
import { configFileFacts } from '../common/config-files.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { absoluteDfPosix } from '../common/df-posix.js';
import { FILESYSTEMS_TIMEOUT_MS, optional, withMacs } from '../common/family-facts.js';
import type { Interfaces } from '../common/interfaces.js';
import { absolutePsEtime } from '../common/ps-etime.js';
import { defineFact, factFromSpec, sourcedFrom } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { attempt, probe } from '../probe.js';
import { aixLparstat, lparVirtualization, type Lpar } from './lparstat.js';
import { aixLsconf, type AixSystem } from './lsconf.js';
import { aixNetstatIn, type LinkMacs } from './netstat-in.js';
import { aixOslevel } from './oslevel.js';

/** lsconf walks every device after the summary: on a big partition that takes tens of seconds. */
export const LSCONF_TIMEOUT_MS = 60_000;

/** `ifconfig -a` of AIX: BSD-style, without hardware addresses. */
export const aixIfconfig = bsdInterfacesSpec('/usr/sbin/ifconfig -a');

const device = defineFact({
  name: 'device', os: 'aix', description: D.device, keys: { bios: D.bios }, timeoutMs: LSCONF_TIMEOUT_MS,
  command: aixLsconf.command,
  parse: (stdout) => {
    const s = aixLsconf.parse(stdout);
    return { device: s.device, bios: s.bios };
  },
});

const installedMemory = defineFact({
  name: 'installed_memory_in_MB', os: 'aix', description: D.installed_memory_in_MB, keys: { memory_source: D.memory_source },
  timeoutMs: LSCONF_TIMEOUT_MS, commands: [aixLsconf, aixLparstat],
  *saga(ctx) {
    const [lsconf, lpar] = yield* all([call(attempt<AixSystem>, () => probe(aixLsconf, ctx)), call(attempt<Lpar>, () => probe(aixLparstat, ctx))]);
    if (lsconf.ok && lsconf.value.installed_memory_in_MB !== null) return sourcedFrom(aixLsconf, { installed_memory_in_MB: lsconf.value.installed_memory_in_MB, memory_source: 'lsconf' });
    // The partition's online memory: what it runs with now, after dynamic reconfiguration.
    if (lpar.ok && lpar.value.online_memory_mb !== null) return sourcedFrom(aixLparstat, { installed_memory_in_MB: lpar.value.online_memory_mb, memory_source: 'lparstat' });
    throw lsconf.ok ? (lpar.ok ? new TypeError('neither lsconf nor lparstat printed the memory size') : lpar.error) : lsconf.error;
  },
});

const cpu = defineFact({
  name: 'cpu', os: 'aix', description: D.cpu, timeoutMs: LSCONF_TIMEOUT_MS, commands: [aixLsconf, aixLparstat],
  *saga(ctx) {
    const [lsconf, lpar] = yield* all([call(attempt<AixSystem>, () => probe(aixLsconf, ctx)), call(attempt<Lpar>, () => probe(aixLparstat, ctx))]);
    if (!lsconf.ok) throw lsconf.error;
    const smt = optional(lpar)?.smt_threads ?? null;
    const cores = lsconf.value.cpu.cores;
    // The partition's virtual processors are its cores; each runs smt_threads hardware threads.
    return sourcedFrom(aixLsconf, { model: lsconf.value.cpu.model, sockets: null, cores, threads: cores !== null && smt !== null ? cores * smt : null });
  },
});

const interfaces = defineFact({
  name: 'interfaces', os: 'aix', description: D.interfaces, commands: [aixIfconfig, aixNetstatIn],
  *saga(ctx) {
    const [ifconfig, macs] = yield* all([call(attempt<Interfaces>, () => probe(aixIfconfig, ctx)), call(attempt<LinkMacs>, () => probe(aixNetstatIn, ctx))]);
    if (!ifconfig.ok) throw ifconfig.error;
    const links = optional(macs) ?? {};
    return sourcedFrom(aixIfconfig, withMacs(ifconfig.value, links));
  },
});

/** plesio's AIX facts. */
export const aixPlugin = definePlugin({
  name: 'aix',
  version: '1',
  description: 'The facts of AIX hosts: oslevel, lsconf, lparstat, ifconfig, netstat and df.',
  facts: [
    factFromSpec(aixOslevel, { name: 'os', os: 'aix', description: D.os }),
    device,
    installedMemory,
    interfaces,
    cpu,
    factFromSpec(absolutePsEtime, { name: 'uptime_seconds', os: 'aix', description: D.uptime_seconds }),
    factFromSpec({ ...aixLparstat, parse: (stdout: string) => lparVirtualization(aixLparstat.parse(stdout)) }, { name: 'virtualization', os: 'aix', description: D.virtualization }),
    // POSIX df: the same columns as on the BSDs (AIX's own df prints Free and %Iused instead).
    factFromSpec(absoluteDfPosix, { name: 'filesystems', os: 'aix', description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS }),
    ...configFileFacts('aix'),
  ],
});
