import { readdirSync, readFileSync } from 'node:fs';

/** A process and every process below it (the cluster primary and its workers). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces; the parent id is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

function statusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory in MB summed over a process tree, with each process's share. */
export function treeRss(root: number): { total: number; each: number[] } {
  const each = processTree(root).map((pid) => statusKb(pid, 'VmRSS') / 1024);
  return { total: each.reduce((a, b) => a + b, 0), each };
}

/** One thread's CPU time so far: its process, its name (V8 and libuv name their threads) and ms. */
export interface ThreadCpu {
  pid: number;
  tid: number;
  name: string;
  ms: number;
  /** Context switches: the thread waited (voluntary) or was preempted (involuntary). */
  switches: number;
  /** Time the thread was ready to run but waited for a core (ms; /proc schedstat, 0 where the kernel keeps none). */
  waitedMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of every thread of a process tree, in ms (threads that ended are in no snapshot). */
export function treeThreadCpu(root: number): ThreadCpu[] {
  const out: ThreadCpu[] = [];
  for (const pid of processTree(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // Fields after the name: state ppid … utime is the 12th, stime the 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
        const switches = [...status.matchAll(/ctxt_switches:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
        const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
        out.push({ pid, tid: Number(tid), name, ms, switches, waitedMs: runDelayMs(pid, tid) });
      } catch {
        // the thread ended while we looked
      }
    }
  }
  return out;
}

/** Nanoseconds a thread spent runnable on a run queue (schedstat's second field), in ms. */
export function runDelayMs(pid: number, tid: number | string): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** The CPU each thread of `after` used since `before` (threads started in between count from zero). */
export function cpuSince(before: ThreadCpu[], after: ThreadCpu[]): ThreadCpu[] {
  const earlier = new Map(before.map((t) => [`${t.pid}/${t.tid}`, t]));
  return after.map((t) => {
    const then = earlier.get(`${t.pid}/${t.tid}`);
    return {
      ...t,
      ms: t.ms - (then?.ms ?? 0),
      switches: t.switches - (then?.switches ?? 0),
      waitedMs: t.waitedMs - (then?.waitedMs ?? 0),
    };
  });
}
