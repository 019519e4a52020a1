import { describe, expect, it } from 'vitest';
import { sunosParsers } from '../../../src/hosts/sunos/parsers.js';

describe('the sunos parser registry', () => {
  it('keys every spec by its own name, which starts with "sunos."', () => {
    for (const [key, spec] of Object.entries(sunosParsers)) {
      expect(spec.name).toBe(key);
      expect(key.startsWith('sunos.')).toBe(true);
    }
  });

  it('gives every spec an absolute command and a one-line description', () => {
    for (const spec of Object.values(sunosParsers)) {
      expect(spec.command).toMatch(/^(?:\/|P=\/)/);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.description).not.toContain('\n');
    }
  });

  it('lists the twenty-eight SunOS fact sources', () => {
    expect(Object.keys(sunosParsers).sort()).toEqual([
      'sunos.boot-time',
      'sunos.cpu-info',
      'sunos.df',
      'sunos.dladm-links',
      'sunos.dladm-phys-macs',
      'sunos.dladm-vnics',
      'sunos.ifconfig',
      'sunos.ifconfig-details',
      'sunos.iostat-en',
      'sunos.kstat-pages',
      'sunos.mount-types',
      'sunos.netstat-rn',
      'sunos.pkg-list',
      'sunos.pkginfo',
      'sunos.prtconf-memory',
      'sunos.prtdiag',
      'sunos.psrinfo',
      'sunos.release',
      'sunos.smbios',
      'sunos.svcs',
      'sunos.swap-l',
      'sunos.swap-s',
      'sunos.timezone',
      'sunos.uptime',
      'sunos.virtinfo',
      'sunos.zoneadm-list',
      'sunos.zonename',
      'sunos.zpool-list',
    ]);
  });
});
