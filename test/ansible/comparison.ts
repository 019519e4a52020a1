/**
 * How the end-to-end test compares what a playbook renders from plesio's fact cache with what it renders
 * from Ansible's own gathering. Every key must be equal, except the documented differences below, each
 * with its reason (README's "Where the Ansible view differs" table says the same) and the weaker check
 * that still holds for it.
 */

/** A rendered value: JSON. */
export type Rendered = unknown;

/** A documented difference: why, and what must still hold. */
export interface Difference {
  readonly reason: string;
  /** Throws (an `expect` failure) when plesio's value is not what the difference allows. */
  readonly check: (plesio: Rendered, ansible: Rendered, context: CompareContext) => void;
}

/** What the checks may need beyond the two values. */
export interface CompareContext {
  /**
   * The least and the most seconds that can separate the two gatherings (Ansible's, then plesio's),
   * for the values that move: each happened at some moment while its command ran, which on a busy
   * machine takes many seconds.
   */
  readonly elapsed: { readonly min: number; readonly max: number };
  /** The facts of plesio's report of the host, which its cache was made of. */
  readonly facts: Record<string, unknown>;
  /**
   * Links that existed before the first gathering and after the second: the ones both must see. Other
   * tests on the machine create and remove links (veth pairs, namespaces) meanwhile.
   */
  readonly stable: ReadonlySet<string>;
  /** Addresses of the links that are not stable, seen by either gathering. */
  readonly transientAddresses: ReadonlySet<string>;
  readonly expect: (actual: unknown, message?: string) => { toEqual(expected: unknown): void; toBe(expected: unknown): void; toBeLessThanOrEqual(n: number): void; toBeGreaterThan(n: number): void; toMatch(re: RegExp): void };
}

export const UNDEFINED = '__undefined__';

/** A machine ID as machine-id(5) defines it: 32 lowercase hex digits, not all zero. */
const isMachineId = (value: Rendered): boolean => typeof value === 'string' && /^[0-9a-f]{32}$/.test(value) && /[1-9a-f]/.test(value);

const asRecord = (value: Rendered): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const sorted = (value: Rendered): unknown[] => (Array.isArray(value) ? [...value].map(String).sort() : []);

/** A moving value's advance from Ansible's gathering to plesio's fits the time between them (whole seconds on both sides). */
function movedCheck(plesio: Rendered, ansible: Rendered, { expect, elapsed }: CompareContext, where: string): void {
  const moved = Number(plesio) - Number(ansible);
  expect(moved, `${where} advanced at least`).toBeGreaterThan(elapsed.min - 2);
  expect(moved, `${where} advanced at most`).toBeLessThanOrEqual(elapsed.max + 2);
}

/**
 * `ip addr` prints the broadcast address an interface was given, none (Ansible: `''`) where it was
 * given none; plesio computes the usual one from the prefix.
 */
function broadcastCheck(plesio: unknown, ansible: unknown, context: CompareContext, where: string): void {
  if (ansible !== '' || plesio === '') context.expect(plesio, where).toEqual(ansible);
  else context.expect(String(plesio), where).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
}

/** A default route: every key as Ansible's but the broadcast address, which `broadcastCheck` allows for. */
function defaultRouteCheck(plesio: Rendered, ansible: Rendered, context: CompareContext, where: string): void {
  context.expect(Object.keys(asRecord(plesio)).sort(), `${where} keys`).toEqual(Object.keys(asRecord(ansible)).sort());
  subset(plesio, ansible, context, where, ['broadcast']);
  broadcastCheck(asRecord(plesio)['broadcast'], asRecord(ansible)['broadcast'], context, `${where}.broadcast`);
}

/** The keys of `value` that plesio writes, with Ansible's value for them: plesio's dictionary must be a sub-dictionary of Ansible's. */
function subset(plesio: Rendered, ansible: Rendered, context: CompareContext, where: string, except: readonly string[] = []): void {
  const a = asRecord(ansible);
  for (const [key, value] of Object.entries(asRecord(plesio))) {
    if (except.includes(key)) continue;
    context.expect(value, `${where}.${key}`).toEqual(a[key]);
  }
}

/**
 * The plesio facts each key is made of, for keys not made of facts every scan gathers. A scan that did
 * not gather one (`--facts`, or a plesio whose plugins lack it) writes no key for it, so the key must
 * then be absent from plesio's cache; with the fact, it is compared as any other.
 */
export const KEY_FACTS: Readonly<Record<string, readonly string[]>> = {
  memtotal_mb: ['memory'], swaptotal_mb: ['memory'], swapfree_mb: ['memory'],
  default_ipv4: ['default_ipv4', 'interfaces'], 'facts.default_ipv4': ['default_ipv4', 'interfaces'], default_ipv6: ['default_ipv6', 'interfaces'],
  dns: ['dns'], selinux: ['selinux'], apparmor: ['apparmor'], devices: ['disks'], local: ['local'], 'facts.local': ['local'],
  form_factor: ['chassis'], chassis_vendor: ['chassis'], chassis_serial: ['chassis'], chassis_asset_tag: ['chassis'],
  board_vendor: ['baseboard'], board_name: ['baseboard'], board_version: ['baseboard'], board_serial: ['baseboard'],
  machine_id: ['machine_id'],
};

/** The documented differences, by rendered key (`ansible_` left out; `iface NAME` for an interface's dictionary). */
export const DIFFERENCES: Readonly<Record<string, Difference>> = {
  fqdn: {
    reason: 'Python\'s socket.getfqdn() answers the canonical name of the host name\'s address when no name with a dot resolves (`localhost` where the host name is on the 127.0.0.1 line); plesio reads `hostname -f` and falls back to the host name',
    check: (plesio, ansible, { expect }) => {
      if (String(ansible).includes('.')) expect(plesio, 'fqdn').toEqual(ansible);
      else expect(String(plesio), 'fqdn').toMatch(/^[^.\s]+$/);
    },
  },
  interfaces: {
    reason: 'Ansible lists /sys/class/net in directory order, which is arbitrary; plesio in the order `ip` lists the links',
    check: (plesio, ansible, { expect, stable }) => {
      const kept = (list: Rendered): unknown[] => sorted(list).filter((name) => stable.has(String(name)));
      expect(kept(plesio), 'interfaces').toEqual(kept(ansible));
      expect(kept(plesio).length, 'stable interfaces').toBeGreaterThan(0);
    },
  },
  all_ipv4_addresses: {
    reason: 'the same addresses, in plesio\'s interface order',
    check: (plesio, ansible, { expect, transientAddresses }) => {
      const kept = (list: Rendered): unknown[] => sorted(list).filter((a) => !transientAddresses.has(String(a)));
      expect(kept(plesio), 'all_ipv4_addresses').toEqual(kept(ansible));
    },
  },
  all_ipv6_addresses: {
    reason: 'the same addresses, in plesio\'s interface order',
    check: (plesio, ansible, { expect, transientAddresses }) => {
      const kept = (list: Rendered): unknown[] => sorted(list).filter((a) => !transientAddresses.has(String(a)));
      expect(kept(plesio), 'all_ipv6_addresses').toEqual(kept(ansible));
    },
  },
  default_ipv4: {
    reason: 'its broadcast address as the interface\'s (see `ansible_<interface>.ipv4.broadcast`)',
    check: (plesio, ansible, context) => defaultRouteCheck(plesio, ansible, context, 'default_ipv4'),
  },
  'facts.default_ipv4': {
    reason: 'as `default_ipv4`',
    check: (plesio, ansible, context) => defaultRouteCheck(plesio, ansible, context, 'facts.default_ipv4'),
  },
  distribution_version: {
    reason: 'plesio\'s `os` fact: with the point release of the distribution\'s release file (12.11) where the scan read it, os-release\'s VERSION_ID (12) alone where it did not',
    check: (plesio, ansible, { expect, facts }) => {
      const version = String(asRecord(facts['os'])['version'] ?? '');
      if (version.includes('.')) expect(plesio, 'distribution_version').toEqual(ansible);
      else expect([plesio, String(ansible).startsWith(`${version}.`) || ansible === version], 'distribution_version: os-release\'s major, of Ansible\'s point release').toEqual([version, true]);
    },
  },
  uptime_seconds: {
    reason: 'it moves: the two gatherings are seconds apart',
    check: (plesio, ansible, context) => movedCheck(plesio, ansible, context, 'uptime_seconds'),
  },
  date_time: {
    reason: 'it moves; plesio writes the UTC keys (epoch, iso8601…) always and the local ones (date, hour, tz_offset…) when the `timezone` fact was gathered, never tz_dst',
    check: (plesio, ansible, context) => {
      const { expect } = context;
      const p = asRecord(plesio);
      const a = asRecord(ansible);
      movedCheck(p['epoch'], a['epoch'], context, 'date_time.epoch');
      for (const key of ['tz', 'tz_offset']) if (key in p) expect(p[key], `date_time.${key}`).toEqual(a[key]);
      expect(Object.keys(p).filter((k) => !(k in a)), 'date_time keys Ansible lacks').toEqual([]);
    },
  },
  mounts: {
    reason: 'plesio reads `df`, which lists a filesystem mounted twice (bind mounts) once; its entries carry mount, device, fstype, size_total and size_available (which moves), not options, uuid, block_* or inode_*',
    check: (plesio, ansible, context) => {
      const byMount = new Map((Array.isArray(ansible) ? ansible : []).map((m) => [asRecord(m)['mount'], m]));
      for (const entry of Array.isArray(plesio) ? plesio : []) {
        const mount = asRecord(entry)['mount'];
        context.expect(byMount.has(mount), `mount ${String(mount)} is one of Ansible's`).toBe(true);
        subset(entry, byMount.get(mount), context, `mounts[${String(mount)}]`, ['size_available']);
        const moved = Math.abs(Number(asRecord(entry)['size_available']) - Number(asRecord(byMount.get(mount))['size_available']));
        context.expect(moved / Number(asRecord(entry)['size_total']), `mounts[${String(mount)}].size_available moved`).toBeLessThanOrEqual(0.01);
      }
    },
  },
  devices: {
    reason: 'plesio lists the disks `lsblk` lists (no unused loop devices) with vendor, model, serial, wwn, sectors, size and rotational; not partitions, holders, links, scheduler_mode, support_discard or the other sysfs details',
    check: (plesio, ansible, context) => {
      const a = asRecord(ansible);
      for (const [name, disk] of Object.entries(asRecord(plesio))) {
        context.expect(name in a, `device ${name} is one of Ansible's`).toBe(true);
        subset(disk, a[name], context, `devices.${name}`);
      }
    },
  },
  machine_id: {
    reason: 'Ansible writes the first line of the first non-empty file, the D-Bus one first, whatever it holds; plesio only a machine ID (32 lowercase hex digits, as D-Bus and systemd accept), passing over a file that holds none',
    check: (plesio, ansible, { expect }) => {
      // The same ID wherever Ansible read one; where its file held something else, the other file's ID or none.
      if (isMachineId(ansible)) expect(plesio, 'machine_id').toBe(ansible);
      else if (ansible === UNDEFINED) expect(plesio, 'machine_id').toBe(UNDEFINED);
      else expect(plesio === UNDEFINED || isMachineId(plesio), `machine_id ${String(plesio)} where Ansible read ${String(ansible)}`).toBe(true);
    },
  },
};

/**
 * An interface's dictionary: plesio writes device, macaddress, mtu, active, type, ipv4,
 * ipv4_secondaries and ipv6 (and speed where known); Ansible also pciid, module, promisc, features and
 * the timestamping lists, read from sysfs and ethtool. Without the interface details in plesio's
 * report (a plesio before issue 18's facts), only the addresses are known: the same addresses.
 */
export const INTERFACE_DIFFERENCE: Difference = {
  reason: 'plesio writes device, macaddress, mtu, active, type, ipv4, ipv4_secondaries, ipv6 and speed where the kernel knows it; not pciid, module, promisc, features or timestamping',
  check: (plesio, ansible, context) => {
    const name = String(asRecord(plesio)['device']);
    const detailed = Array.isArray(asRecord(asRecord(context.facts['interfaces'])[name])['addresses']);
    if (detailed) {
      subset(plesio, ansible, context, `interface ${name}`, ['ipv4', 'ipv4_secondaries']);
      const entries = (side: Rendered): Record<string, unknown>[] => [asRecord(side)['ipv4'], ...(Array.isArray(asRecord(side)['ipv4_secondaries']) ? asRecord(side)['ipv4_secondaries'] as unknown[] : [])].filter((e) => e !== undefined).map(asRecord);
      const [ours, theirs] = [entries(plesio), entries(ansible)];
      context.expect(ours.length, `interface ${name}: IPv4 addresses`).toEqual(theirs.length);
      ours.forEach((entry, i) => {
        subset(entry, theirs[i], context, `interface ${name}.ipv4[${i}]`, ['broadcast']);
        broadcastCheck(entry['broadcast'], theirs[i]?.['broadcast'], context, `interface ${name}.ipv4[${i}].broadcast`);
      });
      return;
    }
    const [p, a] = [asRecord(plesio), asRecord(ansible)];
    const addresses = (entry: Record<string, unknown>): unknown[] => [asRecord(entry['ipv4'])['address'], ...(Array.isArray(entry['ipv6']) ? entry['ipv6'] : []).map((v) => asRecord(v)['address'])];
    context.expect([p['device'], p['macaddress'], addresses(p)], `interface ${name} without details`).toEqual([a['device'], a['macaddress'], addresses(a)]);
  },
};
