/**
 * Joins the three network sources into the `interfaces` fact: ifconfig gives addresses (and MACs
 * only to root on Solaris 10), `dladm show-phys -m` the MACs of physical links, `dladm show-vnic` the
 * MACs of VNICs and the zone owning each. From the global zone an exclusive-IP zone's interfaces are
 * not plumbed there, so its VNICs become entries keyed `zone/link` with no address.
 */
import type { Interfaces, NetworkInterface } from '../common/interfaces.js';
import type { LinkMacs } from './dladm-phys-macs.js';
import type { Vnic } from './dladm-vnics.js';

/** Whatever the scan could collect; missing sources are simply left out. */
export interface InterfaceSources {
  readonly ifconfig: Interfaces;
  readonly physMacs?: LinkMacs | undefined;
  readonly vnics?: readonly Vnic[] | undefined;
  /** The zone the scan ran in (sunos.zonename); its own VNICs are local, not another zone's. */
  readonly zonename?: string | null | undefined;
}

/** Builds the `interfaces` fact: ifconfig entries with missing MACs filled, plus other zones' VNICs. */
export function mergeInterfaces(sources: InterfaceSources): Interfaces {
  const { ifconfig, physMacs = {}, vnics = [], zonename = null } = sources;
  const isLocal = (v: Vnic): boolean => v.zone === null || v.zone === zonename;
  const local = new Map(vnics.filter(isLocal).map((v) => [v.link, v.mac_address]));
  const out: Interfaces = {};
  const macsInUse = new Set<string>();
  for (const [name, entry] of Object.entries(ifconfig)) {
    const link = name.split(':')[0]!;
    const mac = entry.mac_address ?? (Object.hasOwn(physMacs, link) ? physMacs[link]! : null) ?? local.get(link) ?? null;
    if (mac !== null) macsInUse.add(mac);
    out[name] = { ...entry, mac_address: mac };
  }
  for (const vnic of vnics) {
    const key = `${vnic.zone}/${vnic.link}`;
    // A VNIC already plumbed here (same MAC) is reported through its ifconfig entry.
    if (isLocal(vnic) || Object.hasOwn(out, key) || (vnic.mac_address !== null && macsInUse.has(vnic.mac_address))) continue;
    const entry: NetworkInterface = { ipv4_addresses: [], ipv6_addresses: [], mac_address: vnic.mac_address, zone: vnic.zone };
    out[key] = entry;
  }
  return out;
}
