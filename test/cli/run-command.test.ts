/**
 * `plesio run` in-process: the `--arg key=value` options as the saga's one argument, and a saga module
 * that cannot run refused before any host, naming its file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sagaArgs } from '../../src/cli/run-command.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-run-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function plesio(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough().setEncoding('utf8').on('data', (s: string) => (out += s));
  const stderr = new PassThrough().setEncoding('utf8').on('data', (s: string) => (err += s));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

describe('sagaArgs', () => {
  it('makes one object of the --arg options, values as written', () => {
    expect(sagaArgs([])).toEqual({});
    expect(sagaArgs(['path=/etc/ssl', 'pattern=*.pem', 'empty=', 'eq=a=b'])).toEqual({ path: '/etc/ssl', pattern: '*.pem', empty: '', eq: 'a=b' });
  });

  it('refuses an argument without =, a bad key, and a key given twice', () => {
    expect(() => sagaArgs(['path'])).toThrow('--arg "path": give key=value');
    expect(() => sagaArgs(['1st=x'])).toThrow('--arg "1st=x": give key=value');
    expect(() => sagaArgs(['__proto__=x', 'a=1', 'a=2'])).toThrow('--arg a is given twice; give each key once');
  });
});

describe('plesio run', () => {
  it('runs a saga on this machine with its arguments, its state and return value in the report', async () => {
    const saga = join(dir, 'echo.mjs');
    // No import of plesio: an effect-free saga is a plain generator, and its return value is reported.
    await writeFile(saga, 'export default function* echo(args) { return { got: args }; }\n');
    const run = await plesio('run', saga, '--local', '--arg', 'who=world', '-q');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.out) as { status: string; result: unknown; facts: unknown }[];
    expect(report).toMatchObject({ status: 'ok', result: { got: { who: 'world' } }, facts: {} });
  });

  it('reports a saga that throws as the host\'s failure, exit 2', async () => {
    const saga = join(dir, 'throws.mjs');
    await writeFile(saga, 'export default function* boom() { throw new Error("no such thing"); }\n');
    const run = await plesio('run', saga, '--local', '-q');
    expect(run.code).toBe(2);
    const [report] = JSON.parse(run.out) as Record<string, unknown>[];
    expect(report).toMatchObject({ status: 'failed', error: { code: 'error', message: 'Error: no such thing' } });
    // No return value: the key is left out, as undefined is in JSON.
    expect(report).not.toHaveProperty('result');
  });

  it('refuses a saga module that is missing or not a saga before any host', async () => {
    const missing = await plesio('run', join(dir, 'nope.mjs'), '--local');
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe(`plesio: saga ${join(dir, 'nope.mjs')}: no such file\n`);
    const bad = await plesio('run', join(dir, 'bad.mjs'), '--local', '--arg', 'oops');
    expect(bad.err).toBe('plesio: --arg "oops": give key=value, the key a letter or _ then letters, digits, _, . or -\n');
  });
});
