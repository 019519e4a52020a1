import { describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { Tally } from '../../src/cli/summary.js';

const base = { facts: {}, sources: {}, duration_ms: 1 };
const ok: HostReport = { ...base, host: 'web1', status: 'ok', error: null };
const failed: HostReport = { ...base, host: 'db1', status: 'failed', error: { code: 'auth', message: 'db1: Permission denied (publickey)' } };
const cancelled: HostReport = { ...base, host: 'web2', status: 'failed', error: { code: 'cancelled', message: 'web2: scan cancelled' } };
const partial: HostReport = {
  ...base,
  host: 'web3',
  status: 'partial',
  error: null,
  facts: {
    os: { name: 'Debian GNU/Linux' },
    errors: {
      device: { code: 'privilege-required', message: 'web3: needs root: allow sudo -n with --sudo' },
      bios: { code: 'privilege-required', message: 'web3: needs root: allow sudo -n with --sudo' },
      cpu: { code: 'parse', message: 'web3: lscpu: unexpected line\n"\u001b[2Jx"' },
    },
  },
};

describe('Tally', () => {
  test('counts interrupted hosts as cancelled, apart from the failed ones, and does not name them', () => {
    const tally = new Tally();
    for (const report of [ok, failed, cancelled]) tally.add(report);
    expect(tally.counts()).toBe('1 ok, 0 partial, 1 failed, 1 cancelled');
    expect(tally.reported).toBe(3);
    expect(tally.details()).toEqual(['  db1: auth: Permission denied (publickey)']);
  });

  test('says nothing of cancelled hosts when there are none', () => {
    const tally = new Tally();
    tally.add(ok);
    expect(tally.counts()).toBe('1 ok, 0 partial, 0 failed');
  });

  test('names the failed facts of a partial host, grouped by reason, on one escaped line', () => {
    const tally = new Tally();
    tally.add(partial);
    expect(tally.details()).toEqual([
      '  web3: partial: device, bios: privilege-required: needs root: allow sudo -n with --sudo; cpu: parse: lscpu: unexpected line "\\x1b[2Jx"',
    ]);
  });

  test('names ten hosts of each kind and says how many more the output holds', () => {
    const tally = new Tally();
    for (let i = 0; i < 12; i++) tally.add({ ...failed, host: `db${i}` });
    for (let i = 0; i < 11; i++) tally.add({ ...partial, host: `web${i}` });
    const details = tally.details();
    expect(details.filter((line) => / auth: /.test(line))).toHaveLength(10);
    expect(details).toContain('  … and 2 more failed hosts (see the output)');
    expect(details).toContain('  … and 1 more partial hosts (see "errors" in their facts)');
  });
});
