/**
 * A user-space TCP delay line for the benchmarks: listens on 127.0.0.1 (a free port the kernel picks;
 * or `listenHost`/`listenPort`, as the fleet bench's relay inside its network namespace does) and forwards every connection to targetHost:targetPort, holding each chunk `oneWayMs` before writing
 * it on, in both directions — so a round trip through it costs 2 × oneWayMs more than loopback.
 *
 * Why: a real fleet sits behind network round trips, loopback has none, and the kernel of the
 * machines these benchmarks run on may lack netem (`tc qdisc ... netem delay`), so the latency is added
 * here instead.
 *
 * What it models: a fixed one-way delay and nothing else — no bandwidth limit, no jitter, no loss, no
 * reordering. Each direction is a FIFO queue of (chunk, due time): a chunk read at t is written at
 * t + oneWayMs, and one timer per direction waits for the head of the queue, so a later chunk never
 * overtakes an earlier one. Both sockets use TCP_NODELAY, so the proxy adds no Nagle delay of its own
 * (whether the client's own socket does is still up to the client). A half-close (FIN) is delayed like
 * data and passed on after the bytes before it; a socket that closes or fails takes its peer down with
 * it (after the bytes already in flight towards the peer, when it closed cleanly).
 */
import { connect, createServer } from 'node:net';

/** Starts the proxy; resolves to { host, port, stop }, where stop() closes every connection and the listener. */
export async function startDelayProxy({ targetHost, targetPort, oneWayMs, listenHost = '127.0.0.1', listenPort = 0 }) {
  if (!(oneWayMs >= 0)) throw new Error(`oneWayMs must be a number ≥ 0, not ${oneWayMs}`);
  const host = listenHost;
  const sockets = new Set();
  const lines = new Set();

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = connect({ host: targetHost, port: targetPort, allowHalfOpen: true, noDelay: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    const up = delayLine(client, upstream, oneWayMs);
    const down = delayLine(upstream, client, oneWayMs);
    lines.add(up).add(down);

    // An error on either side resets both at once: nothing in flight is worth delivering any more.
    const fail = () => {
      up.drop();
      down.drop();
      client.destroy();
      upstream.destroy();
    };
    client.on('error', fail);
    upstream.on('error', fail);
    // A side that closes can receive nothing more; what it sent before closing still reaches its peer,
    // on time, and then the peer is closed too.
    const closed = (inbound, outbound) => () => {
      inbound.drop();
      outbound.whenDrained(() => closeAfterFlush(outbound.target));
    };
    client.once('close', closed(down, up));
    upstream.once('close', closed(up, down));
    let open = 2;
    const forget = () => {
      if (--open > 0) return;
      lines.delete(up);
      lines.delete(down);
    };
    client.once('close', forget);
    upstream.once('close', forget);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the kernel hands out a free port while binding, so no other process can take it in between.
    server.listen(listenPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    host,
    port: server.address().port,
    async stop() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      for (const line of lines) line.drop();
      lines.clear();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
  };
}

/**
 * One direction, source → target: every chunk (and the end of the stream) is queued with its due
 * time and written when it is due, in order, from a single timer that always waits for the head.
 */
function delayLine(source, target, oneWayMs) {
  const queue = [];
  let timer;
  let dropped = false;
  let onDrained;

  const push = (item) => {
    if (dropped) return;
    queue.push({ ...item, due: performance.now() + oneWayMs });
    if (timer === undefined) schedule();
  };
  const schedule = () => {
    timer = setTimeout(flush, Math.max(0, queue[0].due - performance.now()));
  };
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    // Everything already due goes out now, in arrival order; the rest waits for the head's due time.
    while (queue.length > 0 && queue[0].due <= now) {
      const { chunk } = queue.shift();
      if (target.destroyed) continue;
      if (chunk === undefined) target.end();
      else target.write(chunk);
    }
    if (queue.length > 0) schedule();
    else if (onDrained !== undefined) drained();
  };
  const drained = () => {
    const callback = onDrained;
    onDrained = undefined;
    callback();
  };

  source.on('data', (chunk) => push({ chunk }));
  source.once('end', () => push({ chunk: undefined }));

  return {
    target,
    /** Stops this direction at once: queued chunks are thrown away. */
    drop() {
      dropped = true;
      queue.length = 0;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      onDrained = undefined;
    },
    /** Calls back once every queued chunk has been handed to the target (at once when none is queued). */
    whenDrained(callback) {
      onDrained = callback;
      if (timer === undefined) drained();
    },
  };
}

/** Ends the socket's writing side if still open, and destroys it once what was written has gone out. */
function closeAfterFlush(socket) {
  if (socket.destroyed) return;
  if (socket.writableFinished) return socket.destroy();
  socket.once('finish', () => socket.destroy());
  if (!socket.writableEnded) socket.end();
}
