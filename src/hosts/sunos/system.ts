/**
 * The SunOS facts of issue 18 built from several sources: memory (kstat pages, swap devices, virtual
 * swap), the CPU (psrinfo's topology with kstat's vendor, clock and isainfo's flags), the boot time
 * (read from the uptime command's kstat line: no command of its own), and the installed software.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { optional } from '../common/family-facts.js';
import type { Package } from '../common/packages.js';
import { defineFact, sourcedFrom } from '../define-fact.js';
import type { ParserSpec } from '../fact.js';
import { attempt, probe } from '../probe.js';
import { bootTimeSpec } from './boot-time.js';
import { cpuInfoSpec, type SunosCpuInfo } from './cpu-info.js';
import { kstatPagesSpec, sunosMemory, swapListSpec, swapSummarySpec, type KstatPages, type SwapDevices, type SwapSummary } from './memory.js';
import { pkginfoSpec } from './pkginfo.js';
import { pkgListSpec } from './pkg-list.js';
import { psrinfoSpec, type Cpu } from './psrinfo.js';
import { splitLines } from './text.js';
import { uptimeSpec } from './uptime.js';

/** Memory from whichever of its three sources answered; fails only when none did. */
export const sunosMemoryFact = defineFact({
  name: 'memory', os: 'sunos', description: D.memory, commands: [kstatPagesSpec, swapListSpec, swapSummarySpec],
  *saga(ctx) {
    const [pages, devices, summary] = yield* all([
      call(attempt<KstatPages>, () => probe(kstatPagesSpec, ctx)),
      call(attempt<SwapDevices>, () => probe(swapListSpec, ctx)),
      call(attempt<SwapSummary>, () => probe(swapSummarySpec, ctx)),
    ]);
    const [p, d, s] = [optional(pages), optional(devices), optional(summary)];
    if (p === undefined && d === undefined && s === undefined) throw (pages as { error: unknown }).error;
    return sourcedFrom(kstatPagesSpec, sunosMemory({ ...(p && { pages: p }), ...(d && { swapDevices: d }), ...(s && { swapSummary: s }) }));
  },
});

/** The CPU: psrinfo's model and topology, with kstat's vendor and clock and isainfo's flags where they answer. */
export const sunosCpu = defineFact({
  name: 'cpu', os: 'sunos', description: D.cpu, commands: [psrinfoSpec, cpuInfoSpec],
  *saga(ctx) {
    const [psrinfo, info] = yield* all([call(probe<Cpu>, psrinfoSpec, ctx), call(attempt<SunosCpuInfo>, () => probe(cpuInfoSpec, ctx))]);
    const extra = optional(info);
    return sourcedFrom(psrinfoSpec, { ...psrinfo, vendor: extra?.vendor ?? null, speed_mhz: extra?.speed_mhz ?? null, flags: extra?.flags ?? null });
  },
});

/** The boot time from the kstat line the uptime command prints first (its `now` line left aside). */
export const bootTimeFromUptime: ParserSpec<string> = {
  ...bootTimeSpec,
  command: uptimeSpec.command,
  parse: (stdout) => bootTimeSpec.parse(splitLines(bootTimeSpec.name, stdout).filter((l) => !/^\s*now\s/.test(l)).join('\n')),
};

/** IPS and SVR4 packages: Solaris 11 and illumos have both (the legacy SVR4 ones are not in pkg list). */
export const sunosPackages = defineFact({
  name: 'packages', os: 'sunos', description: D.packages, optIn: true, commands: [pkgListSpec, pkginfoSpec],
  *saga(ctx) {
    const [ips, svr4] = yield* all([call(attempt<Package[]>, () => probe(pkgListSpec, ctx)), call(attempt<Package[]>, () => probe(pkginfoSpec, ctx))]);
    const [a, b] = [optional(ips), optional(svr4)];
    if (a === undefined && b === undefined) throw (ips as { error: unknown }).error;
    // Solaris 10 has no pkg: its packages are pkginfo's.
    return sourcedFrom(a !== undefined ? pkgListSpec : pkginfoSpec, [...(a ?? []), ...(b ?? [])]);
  },
});
