/**
 * What each built-in fact's value is, in one line, as `plesio facts --list` shows it. One text per
 * fact, whichever system's plugin gathers it: the value means the same everywhere.
 */
export const FACT_DESCRIPTIONS = {
  uname: 'The full `uname -a` line: kernel name, node name, release, version and machine.',
  kernel: 'The kernel release (`uname -r`), e.g. 6.1.0-18-amd64 or 5.11.',
  architecture: 'The machine hardware name (`uname -m`), e.g. x86_64, aarch64, i86pc or sun4v.',
  hostid: 'The host identifier `hostid` prints (kern.hostid on the BSDs and macOS), as 8 lowercase hexadecimal digits; null when unset.',
  hostname: 'The host name (`hostname`, else `uname -n`).',
  local: 'Facts the host\'s administrators wrote in /etc/plesio/facts.d, /etc/ansible/facts.d and Facter\'s facts.d (JSON, YAML, INI, key=value); executables run only with --local-facts-exec. Opt-in.',
  fqdn: 'The fully qualified domain name, from `hostname -f` (Linux) or the hosts database (SunOS); null when unknown.',
  os: 'The operating system release: family, name, version and id (os-release; /etc/release, sw_vers, oslevel -s, swlist or the kernel release elsewhere).',
  device: 'The machine: system vendor, product, version, serial number and UUID (DMI/SMBIOS, prtdiag on SPARC, lsconf on AIX, machinfo on HP-UX); null where unset.',
  bios: 'The firmware: BIOS vendor, version and release date (the platform firmware on POWER and Itanium); null where unknown.',
  installed_memory_in_MB: 'The installed memory in MiB: the DIMMs\' total when readable, else the memory the kernel manages.',
  memory_source: 'Where installed_memory_in_MB was read: dmi, memory-blocks or meminfo on Linux; prtconf on SunOS; the sysctl name on the BSDs and macOS; lsconf, lparstat or machinfo.',
  interfaces: 'Each network interface by name: its IPv4 and IPv6 addresses, MAC address and Solaris zone (null on Linux).',
  cpu: 'The processor model and the number of sockets, cores and hardware threads (null when unknown).',
  uptime_seconds: 'Whole seconds since the host booted.',
  virtualization: 'The host\'s place in virtualization: role guest or host (null on bare metal) and type (kvm, vmware, docker, zone, jail, lpar...).',
  filesystems: 'Each mounted filesystem: mount point, device, type, size and used bytes.',
  zonename: 'The Solaris zone the scan runs in (global outside zones).',
  zones: 'Every non-global Solaris zone by name: brand, IP mode, zone path, state and UUID.',
  jails: 'Every running FreeBSD jail by name: jid, hostname, root path, state and addresses (as zones are for Solaris).',
  disks: 'Every disk by device name, with size, model and serial where the source tells (null otherwise).',
  default_ipv4: 'The IPv4 default route: its gateway, its interface and that interface\'s first address (null where unknown).',
} as const;
