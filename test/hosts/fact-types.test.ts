/**
 * Types of the fact API, checked by `tsc` (`npm run typecheck`, part of `npm test`): a fact's value
 * type flows from its parser or saga to everything that runs it, and a mismatch is a compile error.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { exec } from '../../src/effects/exec.js';
import { put } from '../../src/effects/state.js';
import type { Saga } from '../../src/effects/effect.js';
import { defineFact, factFromSpec, sourcedFrom, type CommandFact, type FactContext, type FactOutput, type FactValue, type SagaFact } from '../../src/hosts/define-fact.js';
import type { ParserSpec } from '../../src/hosts/fact.js';
import { definePlugin, type Plugin } from '../../src/hosts/plugin.js';
import { runFact, type FactRun } from '../../src/testing/run-fact.js';

interface Timezone { readonly name: string; readonly offset: number }

describe('fact types', () => {
  it('infers a command fact\'s value from its parser', () => {
    const tz = defineFact({ name: 'tz', command: 'date +%Z', parse: (stdout) => ({ name: stdout.trim(), offset: 0 }) });
    expectTypeOf(tz).toEqualTypeOf<CommandFact<{ name: string; offset: number }>>();
    expectTypeOf<FactValue<typeof tz>>().toEqualTypeOf<{ name: string; offset: number }>();
    expectTypeOf(tz.parse).parameters.toEqualTypeOf<[string, FactContext]>();
  });

  it('checks a parser against a declared value type', () => {
    defineFact<Timezone>({ name: 'tz', command: 'date +%Z', parse: (stdout) => ({ name: stdout, offset: 0 }) });
    // @ts-expect-error the parser returns a string, not a Timezone
    defineFact<Timezone>({ name: 'tz', command: 'date +%Z', parse: (stdout) => stdout });
  });

  it('infers a saga fact\'s value from what the saga returns, sourced or not', () => {
    const count = defineFact({
      name: 'count',
      *saga(ctx) {
        expectTypeOf(ctx).toEqualTypeOf<FactContext>();
        const out = yield* exec('ls | wc -l');
        if (out.code !== 0) return sourcedFrom('ls | wc -l', 0);
        return Number(out.stdout);
      },
    });
    expectTypeOf(count).toEqualTypeOf<SagaFact<number>>();
    expectTypeOf(count.saga).returns.toEqualTypeOf<Saga<FactOutput<number>>>();
  });

  it('checks a saga against a declared value type', () => {
    defineFact<Timezone>({ name: 'tz', *saga() { return { name: 'UTC', offset: 0 }; } });
    // @ts-expect-error the saga returns a number, not a Timezone
    defineFact<Timezone>({ name: 'tz', *saga() { return 1; } });
  });

  it('accepts the issue\'s saga that puts its value itself', () => {
    const nginx = defineFact({
      name: 'nginx', os: ['linux'],
      *saga() {
        const v = yield* exec('nginx -v 2>&1');
        if (v.code !== 0) return yield put({ nginx: null });
        yield put({ nginx: v.stdout });
      },
    });
    expectTypeOf(nginx.kind).toEqualTypeOf<'saga'>();
  });

  it('types a fact made from a parser spec by the spec', () => {
    const spec: ParserSpec<number> = { name: 'x.y', command: 'true', description: 'n', parse: () => 1 };
    expectTypeOf(factFromSpec(spec, { name: 'y' })).toEqualTypeOf<CommandFact<number>>();
  });

  it('refuses a fact that is neither a command with a parser nor a saga', () => {
    // Only compiled: at run time both throw PluginDefinitionError (see define-fact.test.ts).
    const neither = () => {
      // @ts-expect-error a command without a parser
      defineFact({ name: 'x', command: 'true' });
      // @ts-expect-error both a command and a saga
      defineFact({ name: 'x', command: 'true', parse: () => 1, *saga() { return 1; } });
    };
    expectTypeOf(neither).returns.toBeVoid();
  });

  it('gives runFact the fact\'s value type', () => {
    const tz = defineFact({ name: 'tz', command: 'date +%Z', parse: (stdout) => stdout.trim() });
    expectTypeOf(runFact(tz)).resolves.toEqualTypeOf<FactRun<string>>();
  });

  it('takes facts of any value type in a plugin', () => {
    const a = defineFact({ name: 'a', command: 'true', parse: () => 1 });
    const b = defineFact({ name: 'b', command: 'true', parse: () => 'b' });
    expectTypeOf(definePlugin({ name: 'p', version: '1.0.0', facts: [a, b] })).toEqualTypeOf<Plugin>();
  });
});
