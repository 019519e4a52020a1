// Tests of the ssh-host-keys example plugin, written as its author would: the parser against real
// samples, the fact against a table of outputs, and a whole scan of a recorded host with it loaded.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFactFixtures, factFixtures, replayHost, runFact } from 'plesio/testing';
import plugin, { sshHostKeys } from './plugin.mjs';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
// A Debian 12 host recorded with `plesio scan --record`; any recording of yours works the same way.
const recording = fileURLToPath(new URL('../../test/fixtures/scans/linux-debian12-firecracker.json', import.meta.url));

describe('ssh_host_key_details', () => {
  for (const sample of factFixtures(sshHostKeys, fixtures)) {
    it(`parses ${sample.name} (${sample.source})`, () => {
      expect(sample.parse()).toEqual(sample.expected);
    });
  }

  it('has at least three real samples, each matching its expected value', () => {
    expect(checkFactFixtures(sshHostKeys, fixtures)).toBeGreaterThanOrEqual(3);
  });

  it('is an empty list when no key file is readable, and a parse error on anything else', async () => {
    expect((await runFact(sshHostKeys, { commands: { [sshHostKeys.command]: '' } })).value).toEqual([]);
    const garbled = await runFact(sshHostKeys, { commands: { [sshHostKeys.command]: 'ssh-keygen: command not found\n' }, plugin: plugin.name });
    expect(garbled.error).toEqual({ code: 'parse', message: 'ssh-host-keys: not a line of ssh-keygen -l (near "ssh-keygen: command not found")' });
  });

  it('is gathered with the built-in facts in a scan of a recorded host', async () => {
    const stdout = '256 SHA256:kowFgb8mW/ETHOTQ3qV+1sgYHkM8VIDv+PM/RSKp4Fc root@web1 (ED25519)\n';
    const report = await replayHost(recording, { plugins: [plugin], commands: { [sshHostKeys.command]: stdout } });
    expect(report.status).toBe('ok');
    expect(report.facts.ssh_host_key_details).toEqual([{ type: 'ED25519', bits: 256, fingerprint: 'SHA256:kowFgb8mW/ETHOTQ3qV+1sgYHkM8VIDv+PM/RSKp4Fc', comment: 'root@web1' }]);
    expect(report.facts.hostid).toBe('007f0100');
    expect(report.sources.ssh_host_key_details).toBe(sshHostKeys.command);
    // Beside the built-in fingerprints, which it does not replace.
    expect(Object.keys(report.facts.ssh_host_keys).length).toBeGreaterThan(0);
  });
});
