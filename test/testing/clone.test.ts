/** cloneableGenerator: step a saga by hand, clone it at a branch point, and test every branch. */
import { describe, expect, test } from 'vitest';
import { exec, put, type CommandResult, type Saga } from '../../src/index.js';
import { cloneableGenerator, commandResult } from '../../src/testing/index.js';

/** A small host scanner: one uname, then a SunOS or a Linux branch. */
function* scanHost(prefix: string): Saga<string> {
  const uname = yield* exec('uname -a');
  const os = uname.stdout.split(' ')[0] ?? '';
  yield put({ [`${prefix}os`]: os });
  if (os === 'SunOS') {
    const zone = yield* exec('zonename');
    yield put({ [`${prefix}zone`]: zone.stdout.trim() });
    return 'sunos';
  }
  try {
    const release = yield* exec('cat /etc/os-release');
    yield put({ [`${prefix}release`]: release.stdout.trim() });
  } catch {
    yield put({ [`${prefix}release`]: null });
  }
  return 'linux';
}

const sunos: CommandResult = commandResult('SunOS h1 5.11 joyent_20240101T000000Z i86pc i386 i86pc\n');
const linux: CommandResult = commandResult('Linux h2 6.1.0-18-amd64 #1 SMP x86_64 GNU/Linux\n');

describe('cloneableGenerator', () => {
  test('A clone taken at the branch point lets both branches be tested from the same prefix.', () => {
    const gen = cloneableGenerator(scanHost)('h.');
    expect(gen.next().value).toEqual(exec('uname -a'));
    const atBranch = gen.clone();

    expect(gen.next(sunos).value).toEqual(put({ 'h.os': 'SunOS' }));
    expect(gen.next().value).toEqual(exec('zonename'));
    expect(gen.next(commandResult('global\n')).value).toEqual(put({ 'h.zone': 'global' }));
    expect(gen.next()).toEqual({ done: true, value: 'sunos' });

    expect(atBranch.next(linux).value).toEqual(put({ 'h.os': 'Linux' }));
    expect(atBranch.next().value).toEqual(exec('cat /etc/os-release'));
    expect(atBranch.next(commandResult('ID=debian\n')).value).toEqual(put({ 'h.release': 'ID=debian' }));
    expect(atBranch.next()).toEqual({ done: true, value: 'linux' });
  });

  test('A clone is independent: driving it does not move the original, and vice versa.', () => {
    const gen = cloneableGenerator(scanHost)('');
    gen.next();
    gen.next(linux);
    const clone = gen.clone();
    expect(clone.next().value).toEqual(exec('cat /etc/os-release'));
    expect(clone.next(commandResult('ID=alpine\n')).value).toEqual(put({ release: 'ID=alpine' }));
    expect(gen.next().value).toEqual(exec('cat /etc/os-release'));
  });

  test('A clone replays thrown errors too, so it can branch inside a catch block.', () => {
    const gen = cloneableGenerator(scanHost)('');
    gen.next();
    gen.next(linux);
    gen.next();
    expect(gen.throw(new Error('no such file')).value).toEqual(put({ release: null }));
    const inCatch = gen.clone();
    expect(inCatch.next()).toEqual({ done: true, value: 'linux' });
    expect(gen.next()).toEqual({ done: true, value: 'linux' });
  });

  test('A clone of a clone is at the same step, and each keeps its own history.', () => {
    const gen = cloneableGenerator(scanHost)('');
    gen.next();
    const a = gen.clone();
    a.next(sunos);
    const b = a.clone();
    expect(b.next().value).toEqual(exec('zonename'));
    expect(a.next().value).toEqual(exec('zonename'));
    expect(gen.next(linux).value).toEqual(put({ os: 'Linux' }));
  });

  test('return ends a cloneable generator, and a clone taken after ends too.', () => {
    const gen = cloneableGenerator(scanHost)('');
    gen.next();
    expect(gen.return('stopped')).toEqual({ done: true, value: 'stopped' });
    expect(gen.clone().next()).toEqual({ done: true, value: undefined });
  });

  test('The wrapper is iterable like the generator it wraps.', () => {
    function* count(): Generator<number, void, unknown> { yield 1; yield 2; yield 3; }
    const gen = cloneableGenerator(count)();
    gen.next();
    expect([...gen.clone()]).toEqual([2, 3]);
    expect([...gen]).toEqual([2, 3]);
  });
});
