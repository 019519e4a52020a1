/**
 * Joins the three network sources into the `interfaces` fact: ifconfig gives addresses (and MACs
 * only to root on Solaris 10), `dladm show-phys -m` the MACs of physical links, `dladm show-vnic` the
 * MACs of VNICs and the zone owning each. From the global zone an exclusive-IP zone's interfaces are
 * not plumbed there, so its VNICs become entries keyed `zone/link` with no address.
 */
import type { InterfaceDetail, InterfaceDetails } from '../common/interface-details.js';
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

/**
 * The details of each interface of the `interfaces` fact: ifconfig's (MTU, UP flag, kind, prefixed
 * addresses, IPMP members), completed by the datalink under it (`dladm show-link`/`show-phys`: its
 * class, speed, state, aggregation ports). A logical interface (`bge0:1`) sits on the link `bge0`; a
 * VNIC of another zone (`zone/link`) is a link alone, without addresses here.
 * @example
 * withDetails(interfaces, withLinks(interfaces, ifconfigDetails, links))
 */
export function withLinks(interfaces: Interfaces, details: InterfaceDetails, links: InterfaceDetails): InterfaceDetails {
  const out: InterfaceDetails = {};
  const own = (table: InterfaceDetails, key: string): InterfaceDetail | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
  for (const name of Object.keys(interfaces)) {
    const slash = name.indexOf('/');
    const link = slash >= 0 ? name.slice(slash + 1) : name.split(':')[0]!;
    const ip = own(details, name);
    const dl = own(links, name) ?? own(links, link);
    out[name] = {
      mtu: ip?.mtu ?? dl?.mtu ?? null,
      up: ip?.up ?? dl?.up ?? null,
      type: ip?.type ?? dl?.type ?? null,
      speed_mbps: dl?.speed_mbps ?? null,
      addresses: ip?.addresses ?? [],
      members: [...new Set([...(ip?.members ?? []), ...(dl?.members ?? [])])],
    };
  }
  return out;
}
