/**
 * Step-through helpers: drive a saga's generator by hand and clone it at a branch point, so both
 * branches (the scanner's SunOS/Linux split) are tested from the same prefix.
 */

type Input = { kind: 'next'; value: unknown } | { kind: 'throw'; value: unknown } | { kind: 'return'; value: unknown };

/** A saga generator that remembers its inputs and can be cloned. */
export interface CloneableGenerator<T = unknown, R = unknown> extends Generator<T, R, any> {
  /** A new generator in the same position, made by replaying this one's inputs on a fresh run of the saga. */
  clone(): CloneableGenerator<T, R>;
}

/**
 * Wraps a saga so that its generators can be cloned at any step.
 * @example
 * const gen = cloneableGenerator(scanHost)();
 * expect(gen.next().value).toEqual(exec('uname -a'));
 * const sunos = gen.clone();
 * expect(sunos.next(result('SunOS x 5.11')).value).toEqual(exec('zonename'));
 */
export function cloneableGenerator<A extends unknown[], T, R>(saga: (...args: A) => Generator<T, R, any>): (...args: A) => CloneableGenerator<T, R> {
  return (...args: A) => make(saga, args, []);
}

function make<A extends unknown[], T, R>(saga: (...args: A) => Generator<T, R, any>, args: A, history: Input[]): CloneableGenerator<T, R> {
  const gen = saga(...args);
  for (const input of history) apply(gen, input);
  const inputs = history.slice();
  const wrapper: CloneableGenerator<T, R> = {
    next(value?: unknown) { inputs.push({ kind: 'next', value }); return gen.next(value); },
    throw(error: unknown) { inputs.push({ kind: 'throw', value: error }); return gen.throw(error); },
    return(value: R) { inputs.push({ kind: 'return', value }); return gen.return(value); },
    clone: () => make(saga, args, inputs),
    [Symbol.iterator]() { return this; },
    [Symbol.toStringTag]: 'Generator',
  } as CloneableGenerator<T, R>;
  return wrapper;
}

function apply(gen: Generator<unknown, unknown, unknown>, input: Input): void {
  try {
    if (input.kind === 'next') gen.next(input.value);
    else if (input.kind === 'throw') gen.throw(input.value);
    else gen.return(input.value);
  } catch {
    // The original threw at this step too; the clone ends in the same state.
  }
}
