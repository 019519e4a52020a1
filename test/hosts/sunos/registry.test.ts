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

  it('lists the fourteen SunOS fact sources', () => {
    expect(Object.keys(sunosParsers).sort()).toEqual([
      'sunos.df',
      'sunos.dladm-phys-macs',
      'sunos.dladm-vnics',
      'sunos.ifconfig',
      'sunos.mount-types',
      'sunos.prtconf-memory',
      'sunos.prtdiag',
      'sunos.psrinfo',
      'sunos.release',
      'sunos.smbios',
      'sunos.uptime',
      'sunos.virtinfo',
      'sunos.zoneadm-list',
      'sunos.zonename',
    ]);
  });
});
