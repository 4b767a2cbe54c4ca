// @ts-check
import { createServer } from 'node:net';

/**
 * Which server process answers a new connection, decided in the cluster primary.
 *
 * Node's cluster hands each new connection to whichever process acknowledged the last
 * one first, so a burst of connections can land unevenly. Browsers and proxies keep
 * their connections open, so an uneven split lasts: measured with 10 kept-alive
 * connections in `npm run bench:cpu`, two processes got 8 and 2, or 6 and 4, in most
 * rounds, and the busier one set both the throughput and the slowest answers while the
 * other waited for work. Here the primary accepts each connection (without reading
 * from it) and passes it to the process with the fewest open connections; each process
 * says when one of its connections closes.
 *
 * Plain JavaScript importing only Node's own modules, like cluster-primary.mjs (which
 * imports it, and beside which the build copies it).
 */

/** The message that carries a connection (its socket as the handle) to a server process. */
export const CONNECTION_MESSAGE = 'whoknows:connection';
/** What a server process sends when a connection it was given has closed. */
export const CLOSED_MESSAGE = 'whoknows:connection-closed';

/**
 * Connections accepted while no process can take them (all restarting) wait this many
 * at most; more are closed.
 */
const MAX_WAITING = 256;

/**
 * Open connections per process; `pick` names the process with the fewest, and among
 * equals the one that got a connection longest ago, so equal processes take turns.
 * @template K
 */
export class LeastConnections {
  /** @type {Map<K, { open: number, turn: number }>} */
  #members = new Map();
  #turns = 0;

  /** @param {K} key */
  add(key) {
    if (!this.#members.has(key)) this.#members.set(key, { open: 0, turn: 0 });
  }

  /** @param {K} key */
  remove(key) {
    this.#members.delete(key);
  }

  /** @returns {K | undefined} the process to give the next connection to */
  pick() {
    /** @type {K | undefined} */
    let best;
    let bestOpen = Number.POSITIVE_INFINITY;
    let bestTurn = Number.POSITIVE_INFINITY;
    for (const [key, { open, turn }] of this.#members) {
      if (open < bestOpen || (open === bestOpen && turn < bestTurn)) {
        best = key;
        bestOpen = open;
        bestTurn = turn;
      }
    }
    return best;
  }

  /** @param {K} key */
  opened(key) {
    const member = this.#members.get(key);
    if (!member) return;
    member.open++;
    member.turn = ++this.#turns;
  }

  /** @param {K} key */
  closed(key) {
    const member = this.#members.get(key);
    if (member && member.open > 0) member.open--;
  }

  /** @param {K} key @returns {number} */
  openOf(key) {
    return this.#members.get(key)?.open ?? 0;
  }
}

/**
 * @typedef {object} Balancer
 * @property {(worker: import('node:cluster').Worker) => void} add a process that is ready for connections (until it exits)
 * @property {(port: number, host: string) => Promise<void>} listen starts accepting; rejects when the address cannot be bound
 * @property {() => void} close stops accepting new connections
 */

/** @returns {Balancer} */
export function connectionBalancer() {
  /** @type {LeastConnections<import('node:cluster').Worker>} */
  const open = new LeastConnections();
  /** @type {import('node:net').Socket[]} */
  const waiting = [];

  /** @param {import('node:net').Socket} socket */
  const dispatch = (socket) => {
    const worker = open.pick();
    if (!worker) {
      if (waiting.length < MAX_WAITING) waiting.push(socket);
      else socket.destroy();
      return;
    }
    open.opened(worker);
    worker.send(CONNECTION_MESSAGE, socket, (error) => {
      if (!error) return;
      // The process went away in between: the socket is still ours to pass on.
      open.remove(worker);
      if (socket.destroyed) return;
      dispatch(socket);
    });
  };

  // pauseOnConnect: the primary never reads a byte; the process that answers reads it all.
  const server = createServer({ pauseOnConnect: true }, dispatch);

  return {
    add(worker) {
      open.add(worker);
      worker.on('message', (message) => {
        if (message === CLOSED_MESSAGE) open.closed(worker);
      });
      worker.once('exit', () => open.remove(worker));
      for (const socket of waiting.splice(0)) if (!socket.destroyed) dispatch(socket);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host }, () => {
          server.off('error', reject);
          server.on('error', (error) => console.error(`whoknows: accepting a connection failed: ${error.message}`));
          resolve();
        });
      });
    },
    close() {
      server.close();
      for (const socket of waiting.splice(0)) socket.destroy();
    },
  };
}
