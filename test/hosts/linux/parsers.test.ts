import { describe, expect, it } from 'vitest';
import { linuxParsers } from '../../../src/hosts/linux/parsers.js';

describe('linuxParsers', () => {
  it('holds every Linux parser under its own name, each with a one-line description', () => {
    expect(Object.keys(linuxParsers).sort()).toEqual([
      'linux.cpuinfo', 'linux.df', 'linux.dmi-sysfs', 'linux.dmidecode', 'linux.ifconfig', 'linux.ip-addr',
      'linux.ip-addr-json', 'linux.hostid', 'linux.meminfo', 'linux.memory-blocks', 'linux.uptime', 'linux.virtualization',
    ]);
    for (const [name, spec] of Object.entries(linuxParsers)) {
      expect(spec.name).toBe(name);
      expect(spec.description).not.toContain('\n');
    }
  });
});
