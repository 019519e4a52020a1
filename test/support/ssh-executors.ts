/**
 * Creating SSH executors against a test sshd, each remembered so one `afterEach` closes them all.
 */
import { sshExecutor, type SshExecutor, type SshExecutorOptions } from '../../src/executors/ssh/executor.js';
import type { TestSshd } from './sshd.js';

/** A factory bound to a server, plus `closeAll()` for the `afterEach`. */
export interface ExecutorFactory {
  (overrides?: SshExecutorOptions, target?: string): SshExecutor;
  closeAll(): Promise<void>;
}

/**
 * Executors for `sshd` that use only the test's files: no user ssh config, the server's known_hosts,
 * the client key, no agent.
 */
export function executorsFor(sshd: () => TestSshd): ExecutorFactory {
  const open: SshExecutor[] = [];
  const make = (overrides: SshExecutorOptions = {}, target?: string): SshExecutor => {
    const server = sshd();
    const executor = sshExecutor(target ?? `${server.user}@${server.host}:${server.port}`, {
      configPath: null,
      knownHostsPath: server.knownHostsPath,
      identityFiles: [server.clientKeyPath],
      agent: false,
      connectTimeoutMs: 10_000,
      ...overrides,
    });
    open.push(executor);
    return executor;
  };
  return Object.assign(make, {
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((executor) => executor.close()));
    },
  });
}

/** Secret providers that record whether a secret was ever asked for (it must not be, before a host key is verified). */
export function secretSpies(): { asked: string[]; passphrase: (file: string) => Promise<string>; password: () => Promise<string> } {
  const asked: string[] = [];
  return {
    asked,
    passphrase: async (file) => (asked.push(`passphrase ${file}`), 'x'),
    password: async () => (asked.push('password'), 'x'),
  };
}
