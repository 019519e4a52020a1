import { expect, test } from 'vitest';
import * as executors from '../../src/executors/index.js';
import { PlesioError } from '../../src/errors.js';

test('the executors module exports exactly the documented names', () => {
  expect(Object.keys(executors).sort()).toEqual([
    'AbortedError',
    'AuthError',
    'CommandError',
    'CommandTimeoutError',
    'ConnectError',
    'ConnectionLostError',
    'DEFAULT_COMMAND_TIMEOUT_MS',
    'DEFAULT_MAX_OUTPUT_BYTES',
    'ExecutorClosedError',
    'FIXTURE_FORMAT',
    'FIXTURE_VERSION',
    'FileFormatError',
    'HostKeyMismatchError',
    'HostKeyUnknownError',
    'OutputTooLargeError',
    'PrivilegeRequiredError',
    'StartTimeoutError',
    'UnexpectedCommandError',
    'localExecutor',
    'mockExecutor',
    'parseFixture',
    'readFixture',
    'readSecret',
    'recordExecutor',
    'replayExecutor',
    'replayFile',
    'reviveError',
    'sshExecutor',
  ]);
});

test('every executor error is a PlesioError with its stable code and the host', () => {
  const host = { host: 'web1' };
  const cases: Array<[PlesioError, string]> = [
    [new executors.ConnectError('refused', 'm', host), 'refused'],
    [new executors.ConnectError('unreachable', 'm', host), 'unreachable'],
    [new executors.ConnectError('dns', 'm', host), 'dns'],
    [new executors.ConnectError('connect-timeout', 'm', host), 'connect-timeout'],
    [new executors.AuthError('m', host), 'auth'],
    [new executors.HostKeyUnknownError('m', host), 'host-key-unknown'],
    [new executors.HostKeyMismatchError('m', host), 'host-key-mismatch'],
    [new executors.CommandTimeoutError('m', host), 'timeout'],
    [new executors.StartTimeoutError('m', host), 'start-timeout'],
    [new executors.ConnectionLostError('m', host), 'connection-lost'],
    [new executors.OutputTooLargeError('m', host), 'output-too-large'],
    [new executors.PrivilegeRequiredError('m', host), 'privilege-required'],
    [new executors.AbortedError('m', host), 'aborted'],
    [new executors.UnexpectedCommandError('m', host), 'unexpected-command'],
    [new executors.ExecutorClosedError('m', host), 'closed'],
  ];
  for (const [error, code] of cases) {
    expect(error).toBeInstanceOf(PlesioError);
    expect(error.toJSON()).toEqual({ name: error.constructor.name, code, message: 'm', host: 'web1' });
    // Revived from its recorded form, an error is the same class again.
    expect(executors.reviveError({ code, message: 'm' }, host)).toBeInstanceOf(error.constructor);
  }
  expect(executors.reviveError({ code: 'from-the-future', message: 'm' })).toMatchObject({ name: 'PlesioError', code: 'from-the-future' });
});
