// Outputs of any size for the host parsers, shared by bench/hosts/parsers.bench.mjs (MB/s up to the
// 16 MiB output cap) and test/hosts/parsers-linear.test.ts (outputs of n, 2n and 3n items grow by the
// same amount). Each generator builds what the parser's command prints on a host with n of the things
// it lists (addresses on one interface, routes, mounts, packages...), every item distinct, so a parser
// that compares each item with all the others shows it. Parsers of one value (uptime, hostid...) have
// no generator: the benchmark repeats their fixtures instead.

const ip4 = (i) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
const hex = (i, width) => i.toString(16).padStart(width, '0');
const ip6 = (i) => `fd00::${hex(i >>> 16, 1)}:${hex(i & 0xffff, 1)}`;
const mac = (i) => `52:54:${hex((i >>> 24) & 255, 2)}:${hex((i >>> 16) & 255, 2)}:${hex((i >>> 8) & 255, 2)}:${hex(i & 255, 2)}`;
const json = (i, last, text) => `${text}${last ? '' : ','}\n`;
/** A public key line of type `ssh-k<i>`: its blob starts with its own type's name, as a real key's does. */
const sshKey = (i) => {
  const type = `ssh-k${i}`;
  const blob = Buffer.alloc(4 + type.length + 32, i & 255);
  blob.writeUInt32BE(type.length, 0);
  blob.write(type, 4, 'latin1');
  return `${type} ${blob.toString('base64')} root@h${i}\n`;
};

/**
 * By parser name: `head` and `tail` printed once, `item(i, last)` once per item. `item` gets `last`
 * for JSON arrays, whose items are separated by commas.
 */
export const GENERATORS = {
  'common.resolv-conf': { item: (i) => `nameserver ${ip4(i)}\nsearch d${i}.example\n` },
  'common.ssh-host-keys': { item: sshKey },
  'linux.ip-addr': {
    head: '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n',
    item: (i) => `    inet ${ip4(i)}/32 scope global eth0\n       valid_lft forever preferred_lft forever\n`,
  },
  'linux.ip-details': {
    head: '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535\n',
    item: (i) => `    inet6 ${ip6(i)}/128 scope global\n       valid_lft forever preferred_lft forever\n`,
  },
  'linux.ip-addr-json': {
    head: '[{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"link_type":"ether","address":"52:54:00:12:34:56","addr_info":[\n',
    item: (i, last) => json(i, last, `{"family":"inet","local":"${ip4(i)}","prefixlen":32,"scope":"global","label":"eth0"}`),
    tail: ']}]\n',
  },
  'linux.ip-details-json': {
    head: '[\n',
    item: (i, last) => json(i, last, `{"ifindex":${i + 2},"ifname":"veth${i}","flags":["BROADCAST","UP"],"mtu":1500,"link_type":"ether","address":"${mac(i)}","linkinfo":{"info_kind":"veth"},"addr_info":[{"family":"inet","local":"${ip4(i)}","prefixlen":24}]}`),
    tail: ']\n',
  },
  'linux.ifconfig': {
    item: (i) => `veth${i}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet ${ip4(i)}  netmask 255.255.255.0  broadcast 10.255.255.255\n        ether ${mac(i)}  txqueuelen 1000  (Ethernet)\n\n`,
  },
  'linux.net-speed': { item: (i) => `/sys/class/net/veth${i}/speed:10000\n` },
  'linux.df': {
    head: 'Filesystem     Type     1024-blocks    Used Available Capacity Mounted on\n',
    item: (i) => `/dev/vd${i} ext4 1048576 1024 1047552 1% /srv/${i}\n`,
  },
  'linux.lsblk': {
    head: '{"blockdevices": [\n',
    item: (i, last) => json(i, last, `{"name":"sd${i}","size":1000204886016,"type":"disk","vendor":"ATA","model":"M${i}","serial":"S${i}","wwn":null,"rota":true}`),
    tail: ']}\n',
  },
  'linux.sys-block': { item: (i) => `/sys/block/sd${i}/size:1953525168\n/sys/block/sd${i}/queue/rotational:1\n` },
  'linux.ip-route': { item: (i) => `${ip4(i)}/32 via 192.0.2.1 dev eth0 metric ${i}\n` },
  'linux.ip-route-json': {
    head: '[',
    item: (i, last) => json(i, last, `{"dst":"${ip4(i)}/32","gateway":"192.0.2.1","dev":"eth0","metric":${i},"flags":[]}`),
    tail: ']\n',
  },
  'linux.proc-net-route': {
    head: 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n',
    item: (i) => `eth0\t${hex(i, 8).toUpperCase()}\t010200C0\t0003\t0\t0\t${i}\tFFFFFFFF\t0\t0\t0\n`,
  },
  'linux.cpuinfo': {
    item: (i) => `processor\t: ${i}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU\ncpu MHz\t\t: 2400.000\nphysical id\t: ${i >> 6}\ncore id\t\t: ${i & 63}\ncpu cores\t: 64\nflags\t\t: fpu vme de pse\n\n`,
  },
  'linux.dpkg': { item: (i) => `install ok installed\tpkg${i}\t1.${i}-1\tamd64\n` },
  'linux.rpm': { item: (i) => `pkg${i}\t0\t1.${i}\t1.el9\t1700000000\tx86_64\n` },
  'linux.apk': { item: (i) => `pkg${i}-1.${i}-r0 x86_64 {pkg${i}} (MIT) [installed]\n` },
  'linux.systemd-services': { item: (i) => `s${i}.service loaded active running Service ${i}\n` },
  'linux.openrc-services': { head: 'Runlevel: default\n', item: (i) => ` s${i}                                [  started  ]\n` },
  'common.bsd-ifconfig': { head: 'em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tether 00:0c:29:aa:bb:cc\n', item: (i) => `\tinet ${ip4(i)} netmask 0xffffffff\n` },
  'common.df-posix': { head: 'Filesystem  1024-blocks     Used    Avail Capacity  Mounted on\n', item: (i) => `/dev/da${i}p2 1048576 1024 1047552 1% /srv/${i}\n` },
  'common.bsd-mount': { item: (i) => `zroot/srv/${i} on /srv/${i} (zfs, local, noatime, nfsv4acls)\n` },
  'bsd.disks': { head: 'kern.disks:', item: (i) => ` da${i}`, tail: '\n' },
  'freebsd.jls-json': {
    head: '{"__version": "2", "jail-information": {"jail": [\n',
    item: (i, last) => json(i, last, `{"jid":${i + 1},"hostname":"j${i}.example","path":"/jails/j${i}","name":"j${i}","state":"ACTIVE","ipv4_addrs":["${ip4(i)}"],"ipv6_addrs":[]}`),
    tail: ']}}\n',
  },
  'sunos.ifconfig': {
    head: 'net0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet 192.0.2.2 netmask ffffff00 broadcast 192.0.2.255\n',
    item: (i) => `net0:${i + 1}: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet ${ip4(i)} netmask ffffffff\n`,
  },
  'sunos.ifconfig-details': {
    head: 'net0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet 192.0.2.2 netmask ffffff00 broadcast 192.0.2.255\n',
    item: (i) => `net0:${i + 1}: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet ${ip4(i)} netmask ffffffff\n`,
  },
  'sunos.dladm-links': { head: 'LINK CLASS MTU STATE BRIDGE OVER\n', item: (i) => `vnic${i} vnic 1500 up -- net0\n` },
  'sunos.dladm-phys-macs': { head: 'LINK         SLOT     ADDRESS            INUSE CLIENT\n', item: (i) => `net${i}      primary  ${mac(i)}    yes  net${i}\n` },
  'sunos.dladm-vnics': { head: 'LINK         OVER       SPEED MACADDRESS        MACADDRTYPE VID  ZONE\n', item: (i) => `vnic${i}      net0       1000  ${mac(i)} fixed       0    z${i}\n` },
  'sunos.df': { head: 'Filesystem           1024-blocks        Used   Available Capacity  Mounted on\n', item: (i) => `pool/fs${i}    1048576     1024    1047552     1%    /srv/${i}\n` },
  'sunos.mount-types': { item: (i) => `pool/fs${i} on /srv/${i} type zfs read/write/setuid/devices/dev=${hex(i, 7)} on Wed Jan 19 08:31:44 2022\n` },
  'sunos.netstat-rn': {
    head: 'Routing Table: IPv4\n  Destination           Gateway           Flags  Ref     Use     Interface\n-------------------- -------------------- ----- ----- ---------- ---------\n',
    item: (i) => `${ip4(i)}          192.0.2.1          UGH        1          0 net0\n`,
  },
  'sunos.zoneadm-list': { head: '0:global:running:/::solaris:shared\n', item: (i) => `${i + 1}:z${i}:running:/zones/z${i}:uuid-${i}:solaris:excl\n` },
  'sunos.swap-l': { head: 'swapfile                  dev     swaplo blocks   free\n', item: (i) => `/dev/zvol/dsk/rpool/swap${i} 181,${i}       8  4194296  4194296\n` },
  'sunos.iostat-en': {
    item: (i) => `c0t${i}d0           Soft Errors: 0 Hard Errors: 0 Transport Errors: 0\nVendor: ATA      Product: DISK${i} Revision: 1.0 Serial No: S${i}\nSize: 1000.20GB <1000204886016 bytes>\nMedia Error: 0 Device Not Ready: 0 No Device: 0 Recoverable: 0\nIllegal Request: 0 Predictive Failure Analysis: 0\n`,
  },
  'sunos.zpool-list': { item: (i) => `pool${i}\t1000204886016\t1024\t1000204884992\t0\t1.00x\tONLINE\n` },
  'sunos.cpu-info': {
    item: (i) => `cpu_info:${i}:cpu_info${i}:brand\tIntel(r) Xeon(r) CPU\ncpu_info:${i}:cpu_info${i}:chip_id\t${i >> 6}\ncpu_info:${i}:cpu_info${i}:clock_MHz\t2400\ncpu_info:${i}:cpu_info${i}:vendor_id\tGenuineIntel\n`,
  },
  'sunos.pkg-list': { item: (i) => `library/pkg${i}                                   1.${i}-151038.0            i--\n` },
  'sunos.pkginfo': {
    item: (i) => `   PKGINST:  PKG${i}\n      NAME:  package ${i}\n  CATEGORY:  system\n      ARCH:  i386\n   VERSION:  1.${i}\n    STATUS:  completely installed\n\n`,
  },
  'sunos.svcs': { item: (i) => `online         Jan_09   svc:/site/s${i}:default\n` },
};

/** The output of `name`'s command listing `n` items, or undefined when the parser lists nothing. */
export function makeOutput(name, n) {
  const g = GENERATORS[name];
  if (g === undefined) return undefined;
  const parts = [g.head ?? ''];
  for (let i = 0; i < n; i++) parts.push(g.item(i, i === n - 1));
  parts.push(g.tail ?? '');
  return parts.join('');
}

/** How many values a parsed output holds: array items, object entries and leaves, all the way down. */
export function structuralSize(value) {
  if (Array.isArray(value)) return value.reduce((sum, v) => sum + 1 + structuralSize(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum, v) => sum + 1 + structuralSize(v), 0);
  return 0;
}
