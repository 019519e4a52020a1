/**
 * plesio's test kit (`plesio/testing`): step through sagas, clone them at branches, run them with
 * providers and assertions, a manual clock, and a mock executor; for plugin authors, run one fact
 * against a table of outputs, check a folder of real samples, and scan a recorded host with plugins.
 */
export { cloneableGenerator, type CloneableGenerator } from './clone.js';
export { TestClock } from './clock.js';
export { expectSaga, ExpectSaga, SagaAssertionError, type SagaRunResult } from './expect-saga.js';
export { throwError, dynamic, commandResult, matches, type EffectMatcher, type Provider } from './providers.js';
export { mockExecutor, type MockExecutor, type MockTable, type MockResponse, type MockHandler } from '../executors/mock.js';
export { runFact, factContext, type RunFactOptions, type FactRun } from './run-fact.js';
export { factFixtures, checkFactFixtures, FactFixtureError, type FactFixture } from './fact-fixtures.js';
export { replayHost, type ReplayHostOptions } from './replay-host.js';
