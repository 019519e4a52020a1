// Tests of the reboot-required example plugin: its saga stepped effect by effect (cloned at the
// branch), then run by the real fact runner against tables of outputs, then in a recorded host's scan.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exec } from 'plesio';
import { cloneableGenerator, commandResult, factContext, replayHost, runFact } from 'plesio/testing';
import plugin, { DEBIAN, RHEL, rebootRequired } from './plugin.mjs';

const recording = fileURLToPath(new URL('../../test/fixtures/scans/linux-debian12-firecracker.json', import.meta.url));
const NEEDS_RESTARTING = 'Core libraries or services have been updated since boot-up:\n  * kernel\n  * systemd\n\nReboot is required to fully utilize these updates.\n';

describe('reboot_required stepped', () => {
  const start = () => {
    const gen = cloneableGenerator(rebootRequired.saga)(factContext({ os: 'linux' }));
    expect(gen.next().value).toEqual(exec(DEBIAN, { timeoutMs: 30_000 }));
    return gen;
  };

  it('answers from Debian\'s flag file without asking anything else', () => {
    const gen = start();
    expect(gen.clone().next(commandResult('required\nlinux-image-6.1.0-18-amd64\nlibc6\n'))).toEqual({ done: true, value: { required: true, by: 'reboot-required', packages: ['linux-image-6.1.0-18-amd64', 'libc6'] } });
    expect(gen.clone().next(commandResult('none\n'))).toEqual({ done: true, value: { required: false, by: 'reboot-required', packages: [] } });
  });

  it('asks needs-restarting only where Debian\'s file cannot tell', () => {
    const gen = start();
    expect(gen.next(commandResult('unknown\n')).value).toEqual(exec(RHEL, { timeoutMs: 30_000 }));
    expect(gen.clone().next(commandResult(NEEDS_RESTARTING, { code: 1 }))).toEqual({ done: true, value: { required: true, by: 'needs-restarting', packages: ['kernel', 'systemd'] } });
    expect(gen.clone().next(commandResult('', { code: 127, stderr: 'sh: needs-restarting: not found\n' }))).toEqual({ done: true, value: null });
  });
});

describe('reboot_required run by the fact runner', () => {
  it('is false on a RHEL host that needs no reboot, and names needs-restarting as its source', async () => {
    const run = await runFact(rebootRequired, { commands: { [DEBIAN]: 'unknown\n', [RHEL]: 'No core libraries or services have been updated since boot-up.\nReboot should not be necessary.\n' } });
    expect(run.value).toEqual({ required: false, by: 'needs-restarting', packages: [] });
    expect(run.sources).toEqual({ reboot_required: RHEL });
    expect(run.calls.map((c) => c.command)).toEqual([DEBIAN, RHEL]);
  });

  it('fails with a parse error, naming the plugin, when the first command says something unexpected', async () => {
    const run = await runFact(rebootRequired, { commands: { [DEBIAN]: 'sh: syntax error\n' }, plugin: plugin.name });
    expect(run.error).toEqual({ code: 'parse', message: 'reboot-required: expected required, none or unknown (near "sh: syntax error")' });
  });

  it('is gathered with the built-in facts in a scan of a recorded Debian host', async () => {
    const report = await replayHost(recording, { plugins: [plugin], commands: { [DEBIAN]: 'none\n' } });
    expect(report.status).toBe('ok');
    expect(report.facts.reboot_required).toEqual({ required: false, by: 'reboot-required', packages: [] });
    expect(Object.keys(report.facts).at(-1)).toBe('reboot_required');
  });
});
