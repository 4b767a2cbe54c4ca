import { describe, expect, it } from 'vitest';
import { LeastConnections } from '#server/http/connection-balancer.mjs';

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
