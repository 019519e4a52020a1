import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { progressLine, progressOn } from '../../src/cli/progress.js';

describe('progressLine', () => {
  test('shows done, total, failed, the rate and the ETA', () => {
    expect(progressLine('██░░', 2, 4, 1, 10_000, 120)).toBe('scanning ██░░ 2/4 hosts | 1 failed | 0.2 hosts/s | ETA 10s');
    expect(progressLine('░░░░', 0, 4, 0, 3_000, 120)).toBe('scanning ░░░░ 0/4 hosts | 0 failed | 0.0 hosts/s | ETA ?');
    expect(progressLine('█░', 100, 10_000, 0, 60_000, 120)).toContain('ETA 1h39m');
  });

  test('never draws wider than the terminal, so the line cannot wrap', () => {
    expect([...progressLine('█'.repeat(40), 1, 2, 0, 1000, 50)].length).toBe(49);
  });
});

describe('progressOn', () => {
  test('draws nothing when stderr is not a terminal, or with --quiet', async () => {
    const notTty = new PassThrough();
    let written = '';
    notTty.on('data', (c: Buffer) => (written += c.toString()));
    const progress = (await progressOn(notTty, { quiet: false }))(10);
    progress.hostDone({ host: 'a', status: 'failed', error: { code: 'auth', message: 'a: refused' }, facts: {}, sources: {}, duration_ms: 1 });
    progress.stop();
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    tty.on('data', (c: Buffer) => (written += c.toString()));
    (await progressOn(tty, { quiet: true }))(10).stop();
    expect(written).toBe('');
  });
});
