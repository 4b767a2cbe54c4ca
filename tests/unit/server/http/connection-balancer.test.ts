import type { Worker } from 'node:cluster';
import { EventEmitter, once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CLOSED_MESSAGE,
  CONNECTION_MESSAGE,
  connectionBalancer,
  LeastConnections,
} from '#server/http/connection-balancer.mjs';

/** Gives `count` connections, each to the process `pick` names; returns who got them. */
function give(open: LeastConnections<string>, count: number): string[] {
  return Array.from({ length: count }, () => {
    const key = open.pick()!;
    open.opened(key);
    return key;
  });
}

describe('LeastConnections', () => {
  it('names no process when there is none', () => {
    expect(new LeastConnections<string>().pick()).toBeUndefined();
  });

  it('splits a burst evenly, equal processes taking turns', () => {
    const open = new LeastConnections<string>();
    for (const key of ['a', 'b']) open.add(key);
    expect(give(open, 10)).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect([open.openOf('a'), open.openOf('b')]).toEqual([5, 5]);
  });

  it('gives the next connection to the process with the fewest open', () => {
    const open = new LeastConnections<string>();
    for (const key of ['a', 'b', 'c']) open.add(key);
    give(open, 6);
    open.closed('b');
    open.closed('b');
    expect(give(open, 2)).toEqual(['b', 'b']);
    expect(give(open, 3)).toEqual(['a', 'c', 'b']);
  });

  it('fills a process that joins later first, then shares again', () => {
    const open = new LeastConnections<string>();
    open.add('a');
    give(open, 4);
    open.add('b');
    expect(give(open, 6)).toEqual(['b', 'b', 'b', 'b', 'a', 'b']);
  });

  it('forgets a process that went away, and ignores closes it did not open', () => {
    const open = new LeastConnections<string>();
    for (const key of ['a', 'b']) open.add(key);
    give(open, 2);
    open.remove('a');
    open.closed('a');
    open.closed('b');
    open.closed('b');
    expect(open.openOf('b')).toBe(0);
    expect(give(open, 3)).toEqual(['b', 'b', 'b']);
  });

  it('adding a process twice keeps its count', () => {
    const open = new LeastConnections<string>();
    open.add('a');
    give(open, 2);
    open.add('a');
    expect(open.openOf('a')).toBe(2);
  });
});

// The primary's side with stand-ins for the server processes (each records the sockets
// it was sent): real sockets on loopback, no cluster.
describe('connectionBalancer', () => {
  class StandIn extends EventEmitter {
    readonly got: Socket[] = [];
    constructor(readonly fails = false) {
      super();
    }
    send(message: unknown, socket: Socket, done: (error: Error | null) => void): boolean {
      expect(message).toBe(CONNECTION_MESSAGE);
      if (this.fails) {
        setImmediate(() => done(new Error('channel closed')));
        return false;
      }
      this.got.push(socket);
      setImmediate(() => done(null));
      return true;
    }
  }
  const asWorker = (standIn: StandIn) => standIn as unknown as Worker;

  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  async function until(done: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done()).toBe(true);
  }

  it('holds connections while no process is ready, passes them on when one is, and skips a process that went away', async () => {
    const balancer = connectionBalancer();
    const port = await freePort();
    await balancer.listen(port, '127.0.0.1');
    const clients: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) clients.push(connect(port, '127.0.0.1'));
      await Promise.all(clients.map((client) => once(client, 'connect')));
      await new Promise((resolve) => setTimeout(resolve, 50));

      const first = new StandIn();
      balancer.add(asWorker(first));
      await until(() => first.got.length === 3);

      // A process whose channel fails is dropped, and the connection goes to the next.
      const gone = new StandIn(true);
      const second = new StandIn();
      balancer.add(asWorker(gone));
      balancer.add(asWorker(second));
      clients.push(connect(port, '127.0.0.1'));
      await until(() => second.got.length === 1);

      // Closes reported by a process make room there: the next connection goes back to it.
      for (let i = 0; i < 3; i++) first.emit('message', CLOSED_MESSAGE);
      clients.push(connect(port, '127.0.0.1'));
      await until(() => first.got.length === 4);
    } finally {
      balancer.close();
      for (const client of clients) client.destroy();
    }
  });

  it('rejects when the address is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      await expect(connectionBalancer().listen(port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  });
});
