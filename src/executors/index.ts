/**
 * The executors' public surface: the four executors, their options, the fixture format and the typed
 * errors. ssh2's own types stay inside `./ssh`.
 */
export { localExecutor, type LocalExecutorOptions } from './local.js';
export { sshExecutor, type SshExecutor, type SshExecutorOptions } from './ssh/executor.js';
export type { HostKeyAdded, HostKeyPolicy } from './ssh/host-key.js';
export { mockExecutor, type MockCall, type MockExecutor, type MockExecutorOptions, type MockHandler, type MockResponse, type MockTable } from './mock.js';
export { recordExecutor, type RecordingExecutor, type RecordOptions } from './record.js';
export { replayExecutor, replayFile, type ReplayOptions } from './replay.js';
export { FIXTURE_FORMAT, FIXTURE_VERSION, parseFixture, readFixture, type Fixture, type FixtureEntry, type FixtureOutput } from './fixture.js';
export { readSecret, type SecretProviders } from './secret.js';
export type { StartGate, StartKind, StartPass } from './start-gate.js';
export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, type CommandDefaults } from './options.js';
export {
  AbortedError,
  AuthError,
  CommandError,
  CommandTimeoutError,
  ConnectError,
  ConnectionLostError,
  ExecutorClosedError,
  FileFormatError,
  HostKeyMismatchError,
  HostKeyUnknownError,
  OutputTooLargeError,
  PrivilegeRequiredError,
  reviveError,
  StartTimeoutError,
  UnexpectedCommandError,
  type ConnectErrorCode,
  type ExecutorErrorOptions,
} from './errors.js';
