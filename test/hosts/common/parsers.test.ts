import { describe, expect, it } from 'vitest';
import { commonParsers } from '../../../src/hosts/common/parsers.js';

describe('commonParsers', () => {
  it('holds the uname, hostid, hostname and os-release parsers under their own names', () => {
    expect(Object.keys(commonParsers).sort()).toEqual(['common.hostid', 'common.hostname', 'common.os-release', 'common.resolv-conf', 'common.ssh-host-keys', 'common.uname']);
    for (const [name, spec] of Object.entries(commonParsers)) expect(spec.name).toBe(name);
  });
});
