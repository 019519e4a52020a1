/**
 * The fleet bench's network delay, run inside its namespace (`ip netns exec NS node relay.mjs …`): for
 * every `address:listenPort=address:targetPort` argument, a delay proxy (../pipeline/delay-proxy.mjs)
 * that holds each chunk `oneWayMs` in each direction. This kernel has no netem, so the round trip is
 * added in user space, next to the hosts. Prints `ready` once every proxy listens; ends on SIGTERM or
 * when its standard input closes (the bench is gone).
 *   node relay.mjs <oneWayMs> 198.18.7.10:2222=198.18.7.10:22 …
 */
import { startDelayProxy } from '../pipeline/delay-proxy.mjs';

const [oneWay, ...routes] = process.argv.slice(2);
const proxies = [];
const stop = async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop).resume();
for (const route of routes) {
  const [listen, target] = route.split('=');
  const [listenHost, listenPort] = listen.split(':');
  const [targetHost, targetPort] = target.split(':');
  proxies.push(await startDelayProxy({ targetHost, targetPort: Number(targetPort), oneWayMs: Number(oneWay), listenHost, listenPort: Number(listenPort) }));
}
process.stdout.write('ready\n');
