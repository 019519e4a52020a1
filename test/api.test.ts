/**
 * Pins the public API: the entry points `plesio` and `plesio/testing` export exactly these names
 * (`plesio/distributed` and `plesio/history` are pinned by their own tests).
 * Adding or removing an export is a decision, and this test makes it a visible one.
 */
import { describe, expect, it } from 'vitest';
import * as plesio from '../src/index.js';
import * as testing from '../src/testing/index.js';
import pkg from '../package.json' with { type: 'json' };

describe('public API', () => {
  it('exports exactly the pinned names from plesio', () => {
    expect(Object.keys(plesio).sort()).toEqual([
      'AbortedError', 'AllEffect', 'AuthError', 'CallEffect', 'CancelEffect', 'CancelledEffect', 'CommandError',
      'CommandFailedError', 'CommandTimeoutError', 'ConnectError', 'ConnectionLostError', 'DEFAULT_COMMAND_TIMEOUT_MS',
      'DEFAULT_MAX_OUTPUT_BYTES', 'DelayEffect', 'Effect', 'ExecEffect', 'ExecutorClosedError', 'FIXTURE_FORMAT',
      'FIXTURE_VERSION', 'FactConflictError', 'FactTimeoutError', 'FileFormatError', 'ForkEffect', 'GetContextEffect',
      'HOST_ERROR_CODES', 'HostKeyMismatchError', 'HostKeyUnknownError', 'InvalidEffectError', 'JoinEffect',
      'NoExecutorError', 'OS_FAMILIES', 'OutputTooLargeError', 'ParseError', 'PlesioError', 'PluginDefinitionError',
      'PluginFactError', 'PluginLoadError', 'PrivilegeRequiredError', 'PutEffect', 'RaceEffect', 'RetryEffect', 'ScanCancelledError',
      'SelectEffect', 'SetContextEffect', 'StartPacer', 'StartTimeoutError', 'TaskCancelledError', 'UnexpectedCommandError', 'UnknownFactError', 'all',
      'allParsers', 'attempt', 'builtinPlugins', 'call', 'cancel', 'cancelled', 'defineFact', 'definePlugin', 'delay',
      'describeEffect', 'describeValue', 'errorInfo', 'exec', 'factCatalog', 'factFromSpec', 'factRegistry', 'familyOf',
      'firstOf', 'fnName', 'fork', 'formatEffect', 'formatSagaTrace', 'gatherFact', 'gatherFacts', 'getContext',
      'isEffect', 'isHostError', 'isTask', 'join', 'loadPlugins', 'loadSagaModule', 'localExecutor', 'memoExecutor', 'mockExecutor', 'osOf',
      'parseFixture', 'probe', 'provenanceOf', 'put', 'race', 'readFixture', 'readSecret', 'realClock', 'recordExecutor', 'refOf',
      'replayExecutor', 'replayFile', 'retry', 'reviveError', 'run', 'runFleet', 'sagaTrace', 'scanHost', 'scanHostSaga', 'select',
      'setContext', 'sh', 'shellQuote', 'sourcedFrom', 'spawn', 'sshExecutor',
    ]);
  });

  it('exports exactly the pinned names from plesio/testing', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'ExpectSaga', 'FactFixtureError', 'SagaAssertionError', 'TestClock', 'checkFactFixtures', 'cloneableGenerator',
      'commandResult', 'dynamic', 'expectSaga', 'factContext', 'factFixtures', 'matches', 'mockExecutor', 'replayHost',
      'runFact', 'throwError',
    ]);
  });

  it('maps the four entry points, and nothing else of src, in package.json', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './distributed', './history', './package.json', './testing']);
    expect(pkg.exports['.'].import).toBe('./dist/index.js');
    expect(pkg.exports['./testing'].import).toBe('./dist/testing/index.js');
    // Their own entry points: importing plesio must not load BullMQ or SQLite (see test/distributed and test/history for their names).
    expect(pkg.exports['./distributed'].import).toBe('./dist/distributed/index.js');
    expect(pkg.exports['./history'].import).toBe('./dist/history/index.js');
  });
});
