/**
 * The built-in plugin `hpux` (HP-UX 11i v2 and v3). Commands by absolute path: a non-interactive ssh
 * session on HP-UX gets a short PATH. `machinfo` gives the machine, firmware, memory and processors
 * (the serial number only to root on some releases: it runs through `sudo -n` with --sudo); the
 * Operating Environment bundle names the release; `lanscan` the MACs and `ifconfig` of each interface
 * the addresses (HP-UX's ifconfig has no `-a`).
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import { bsdInterfacesSpec } from '../common/bsd-ifconfig.js';
import { configFileFacts } from '../common/config-files.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { FILESYSTEMS_TIMEOUT_MS, optional, withMacs } from '../common/family-facts.js';
import { NO_VIRTUALIZATION } from '../common/hypervisors.js';
import type { Interfaces } from '../common/interfaces.js';
import { absolutePsEtime } from '../common/ps-etime.js';
import { parseError } from '../common/text.js';
import { defineFact, factFromSpec, sourcedFrom } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { attempt, firstOf, probe } from '../probe.js';
import { hpuxBdf } from './bdf.js';
import { hpuxLanscan } from './lanscan.js';
import { hpuxMachinfo, type Machinfo } from './machinfo.js';
import { hpuxOs, hpuxSwlist } from './swlist.js';

/** `ifconfig` of every LAN interface lanscan knows, and of the loopback, one after the other. */
export const hpuxIfconfig = bsdInterfacesSpec(
  "for i in $(/usr/sbin/lanscan -i | /usr/bin/awk '{ print $1 }') lo0; do /usr/sbin/ifconfig \"$i\" 2>/dev/null; done; true",
);

function machinfoFact<K extends string, T>(name: K, keys: Record<string, string>, pick: (m: Machinfo) => T) {
  return defineFact({
    name, os: 'hpux', description: D[name as keyof typeof D], keys, needsRoot: true,
    command: hpuxMachinfo.command,
    parse: (stdout) => pick(hpuxMachinfo.parse(stdout)),
  });
}

const os = defineFact({
  name: 'os', os: 'hpux', description: D.os, commands: [hpuxSwlist],
  *saga(ctx) {
    return yield* firstOf([
      () => probe(hpuxSwlist, ctx),
      function* fromKernel() {
        // Without the OE bundle (swlist refused or absent), the release alone: uname -r.
        const kernel = (yield* select((s: { kernel?: string }) => s.kernel)) ?? '';
        if (!/^B\.11\.[0-9]{2}$/.test(kernel)) throw parseError('hpux.swlist', 'no HP-UX release in uname -r', kernel);
        return hpuxOs(kernel);
      },
    ]);
  },
});

const interfaces = defineFact({
  name: 'interfaces', os: 'hpux', description: D.interfaces, commands: [hpuxIfconfig, hpuxLanscan],
  *saga(ctx) {
    const [ifconfig, lanscan] = yield* all([call(attempt<Interfaces>, () => probe(hpuxIfconfig, ctx)), call(attempt<Record<string, string | null>>, () => probe(hpuxLanscan, ctx))]);
    if (!ifconfig.ok) throw ifconfig.error;
    const macs = optional(lanscan) ?? {};
    return sourcedFrom(hpuxIfconfig, withMacs(ifconfig.value, macs));
  },
});

/** plesio's HP-UX facts. */
export const hpuxPlugin = definePlugin({
  name: 'hpux',
  version: '1',
  description: 'The facts of HP-UX hosts: machinfo, swlist, lanscan, ifconfig and bdf.',
  facts: [
    os,
    machinfoFact('device', { bios: D.bios }, (m) => ({ device: m.device, bios: m.bios })),
    machinfoFact('installed_memory_in_MB', { memory_source: D.memory_source }, (m) => {
      if (m.installed_memory_in_MB === null) throw parseError('hpux.machinfo', 'no Memory line');
      return { installed_memory_in_MB: m.installed_memory_in_MB, memory_source: 'machinfo' };
    }),
    interfaces,
    machinfoFact('cpu', {}, (m) => m.cpu),
    factFromSpec(absolutePsEtime, { name: 'uptime_seconds', os: 'hpux', description: D.uptime_seconds }),
    machinfoFact('virtualization', {}, (m) =>
      // An Integrity VM guest's firmware names the virtual platform as its model.
      /Integrity Virtual Machine/i.test(m.device.system_product ?? '') ? { role: 'guest' as const, type: 'hpvm' } : NO_VIRTUALIZATION),
    factFromSpec(hpuxBdf, { name: 'filesystems', os: 'hpux', description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS }),
    ...configFileFacts('hpux'),
  ],
});
