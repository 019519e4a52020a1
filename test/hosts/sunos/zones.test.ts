import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { zoneadmListSpec } from '../../../src/hosts/sunos/zoneadm-list.js';
import { zonenameSpec } from '../../../src/hosts/sunos/zonename.js';

const zones = zoneadmListSpec.parse;

describe('sunos.zonename', () => {
  it('returns the single word zonename prints, without its newline', () => {
    expect(zonenameSpec.parse('web-01.prod\n')).toBe('web-01.prod');
  });

  it('rejects an empty output and an error message', () => {
    expect(() => zonenameSpec.parse('')).toThrow(ParseError);
    expect(() => zonenameSpec.parse('sh: zonename: not found\n')).toThrow(ParseError);
  });
});

describe('sunos.zoneadm-list', () => {
  it('reports zones in every state, the global zone first as Facter lists it', () => {
    const out = zones(
      [
        '0:global:running:/::native:shared',
        '-:conf:configured:/zones/conf:::native:shared',
        '-:inc:incomplete:/zones/inc:8d2c5a1e-0f4b-4c6e-b7a2-3f1e9d0c4b21:native:shared',
        '-:inst:installed:/zones/inst:2f6b3c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f:native:excl',
        '3:rdy:ready:/zones/rdy:4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f:native:shared',
        '4:run:running:/zones/run:5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f:native:shared',
        '5:stop:shutting_down:/zones/stop:6e7f8091-0a1b-4c2d-8e3f-4a5b6c7d8e9f:native:shared',
        '6:dn:down:/zones/dn:7f809102-1a2b-4c3d-8e4f-5a6b7c8d9eaf:native:shared',
      ].join('\n'),
    );
    expect(Object.keys(out)).toEqual(['global', 'conf', 'inc', 'inst', 'rdy', 'run', 'stop', 'dn']);
    expect(Object.values(out).map((z) => z.state)).toEqual(['running', 'configured', 'incomplete', 'installed', 'ready', 'running', 'shutting_down', 'down']);
    expect(out['global']).toEqual({ brand: 'native', ip_mode: 'shared', root: '/', state: 'running', uuid: null, zonename: 'global' });
    expect(out['conf']!.uuid).toBeNull();
  });

  it('maps the ip-type "excl" to "exclusive" and keeps "shared"', () => {
    const out = zones('0:global:running:/::solaris:shared\n-:a:installed:/z/a:u:solaris:excl\n-:b:installed:/z/b:u:solaris:shared\n');
    expect(out['a']!.ip_mode).toBe('exclusive');
    expect(out['b']!.ip_mode).toBe('shared');
  });

  it('gives null brand, uuid and ip_mode for the four-field lines of Solaris 10 3/05', () => {
    expect(zones('0:global:running:/\n1:old:running:/export/old\n')).toEqual({
      global: { brand: null, ip_mode: null, root: '/', state: 'running', uuid: null, zonename: 'global' },
      old: { brand: null, ip_mode: null, root: '/export/old', state: 'running', uuid: null, zonename: 'old' },
    });
  });

  it('undoes the \\: and \\\\ escapes Solaris 11 puts in a zonepath', () => {
    const out = zones('-:odd:installed:/zones/a\\:b\\\\c:9b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d:solaris:excl:-:none\n');
    expect(out['odd']!.root).toBe('/zones/a:b\\c');
    expect(out['odd']!.brand).toBe('solaris');
  });

  it('reports the zone itself when run inside a non-global zone', () => {
    expect(Object.keys(zones('7:web:running:/:0e1d2c3b-4a59-4687-9a5b-4c3d2e1f0a9b:native:shared\n'))).toEqual(['web']);
  });

  it('rejects output that is not zoneadm list -p lines', () => {
    expect(() => zones('')).toThrow(ParseError);
    expect(() => zones('ID NAME             STATUS     PATH\n0  global           running    /\n')).toThrow(ParseError);
    expect(() => zones('0:__proto__:running:/\n')).toThrow(ParseError);
  });
});
