import type { Server } from 'node:http';
import { Socket } from 'node:net';
import { CLOSED_MESSAGE, CONNECTION_MESSAGE } from './connection-balancer.mjs';

/** The connections a server process was given, for its drain. */
export interface AdoptedConnections {
  /** Calls `done` once every connection given so far has closed (at once when none is open). */
  whenAllClosed(done: () => void): void;
}

/**
 * Makes `server` answer the connections the cluster primary passes to this process
 * (connection-balancer.mjs) instead of listening itself, and tells the primary when each
 * closes, so it can give the next one to the least busy process.
 */
export function adoptConnections(server: Server): AdoptedConnections {
  // Node starts tracking a server's connections (for headersTimeout, requestTimeout and
  // closeIdleConnections) when it starts listening; this one never binds, so it is told
  // it listens (tests/http/shutdown.test.ts fails without: idle connections stay open).
  server.emit('listening');
  let open = 0;
  let onAllClosed: (() => void) | undefined;
  process.on('message', (message: unknown, handle: unknown) => {
    if (message !== CONNECTION_MESSAGE || !(handle instanceof Socket)) return;
    open++;
    handle.once('close', () => {
      open--;
      // A primary that is gone has nobody to tell (and sending would raise an error event).
      if (process.connected) process.send?.(CLOSED_MESSAGE);
      if (open === 0) onAllClosed?.();
    });
    server.emit('connection', handle);
    // The primary accepted it paused (it never reads); reading starts here.
    handle.resume();
  });
  return {
    whenAllClosed(done) {
      if (open === 0) done();
      else onAllClosed = done;
    },
  };
}
