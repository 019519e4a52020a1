/**
 * An in-process ssh2 server for behaviour a stock sshd will not show on demand: password-only logins
 * with a known password. Every exec answers `ran: <command>` and exits 0.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';

/** A running fake server and its host key line for known_hosts. */
export interface FakeSshServer {
  port: number;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`, ready for a known_hosts file. */
  knownHostsLine: string;
  /** The passwords clients offered, in order. */
  passwordsOffered: string[];
  /** The authentication methods clients tried, in order (`none`, `publickey`, `password`…). */
  methodsTried: string[];
  stop(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that accepts only `password` for any user. */
export async function startPasswordServer(password: string): Promise<FakeSshServer> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const passwordsOffered: string[] = [];
  const methodsTried: string[] = [];
  const clients = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      methodsTried.push(ctx.method);
      if (ctx.method !== 'password') return ctx.reject(['password']);
      passwordsOffered.push(ctx.password);
      return ctx.password === password ? ctx.accept() : ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().once('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          stream.write(`ran: ${info.command}\n`);
          stream.exit(0);
          stream.end();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const publicKey = hostKey.public.split(/\s+/).slice(0, 2).join(' ');
  return {
    port,
    knownHostsLine: `[127.0.0.1]:${port} ${publicKey}`,
    passwordsOffered,
    methodsTried,
    async stop() {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
