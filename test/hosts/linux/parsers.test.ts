import { describe, expect, it } from 'vitest';
import { linuxParsers } from '../../../src/hosts/linux/parsers.js';

describe('linuxParsers', () => {
  it('holds every Linux parser under its own name, each with a one-line description', () => {
    expect(Object.keys(linuxParsers).sort()).toEqual([
      'linux.apk', 'linux.boot-time', 'linux.cpuinfo', 'linux.df', 'linux.dmi-sysfs', 'linux.dmidecode', 'linux.dpkg',
      'linux.hostid', 'linux.ifconfig', 'linux.ip-addr', 'linux.ip-addr-json', 'linux.ip-details', 'linux.ip-details-json',
      'linux.ip-route', 'linux.ip-route-json', 'linux.lsblk', 'linux.machine-id', 'linux.meminfo', 'linux.memory-blocks', 'linux.net-speed',
      'linux.openrc-services', 'linux.proc-net-route', 'linux.release-files', 'linux.rpm', 'linux.security', 'linux.sys-block',
      'linux.systemd-services', 'linux.timezone', 'linux.uptime', 'linux.virtualization',
    ]);
    for (const [name, spec] of Object.entries(linuxParsers)) {
      expect(spec.name).toBe(name);
      expect(spec.description).not.toContain('\n');
    }
  });
});
