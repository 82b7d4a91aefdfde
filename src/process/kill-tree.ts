// Tree kill without a new session. A child started with `detached` (setsid) leads its own process
// group, which one kill(-pgid) reaches, but it loses the controlling terminal: no /dev/tty, no
// password prompt, no Ctrl-C. So on Linux the child stays in the parent's session and process
// group, and its tree is found through /proc when it has to be signalled: the processes whose
// parent chain leads to the child, and every process that carries the run's mark, a variable
// in its environment that descendants inherit even once orphaned or in a session of their own.
// Without /proc (macOS) the child falls back to a process group in a new session.
import { randomBytes } from 'node:crypto';
import { hasProcTable, listLiveProcesses, readEnvVariable, readProcEntry, type ProcEntry } from './proc-table.js';

/** The variable that marks every process of a run's tree: a comma-separated list of marks (runs nest). */
const TREE_VARIABLE = 'SAFERUN_TREE';
const MARK_PREFIX = `${process.pid}-${randomBytes(3).toString('hex')}`;
const MAX_KILL_PASSES = 10;
let lastMark = 0;

/** How to reach a run's processes. */
export interface ProcessTree {
  /** 'proc': through /proc (Linux); 'group': a process group led by the child (no /proc); 'child': the child alone. */
  strategy: 'proc' | 'group' | 'child';
  mark: string;
  /** The child's pid while Node has not reaped it (so it cannot have been reused); undefined after. */
  rootPid: number | undefined;
  /** The process group to signal with the 'group' strategy (it outlives the child while members live). */
  pgid: number | undefined;
}

/** The strategy for a run: `killTree: false` is the child alone; without /proc, a process group. */
export function treeStrategy(killTree: boolean): ProcessTree['strategy'] {
  if (!killTree) return 'child';
  return hasProcTable() ? 'proc' : 'group';
}

export function newTreeMark(): string {
  return `${MARK_PREFIX}-${++lastMark}`;
}

/** The child's environment, carrying the mark (after any mark of an enclosing run). */
export function markEnvironment(env: NodeJS.ProcessEnv, mark: string): NodeJS.ProcessEnv {
  const outer = env[TREE_VARIABLE];
  // A copy, read key by key: with spawn's own pass over it, cheaper than Object.assign (one
  // crossing into C++ per read of process.env either way). Not process.env as a prototype: V8
  // caches the keys that `for...in` (in spawn) finds there, and misses variables set later.
  const marked: NodeJS.ProcessEnv = {};
  for (const key of Object.keys(env)) marked[key] = env[key];
  marked[TREE_VARIABLE] = outer ? `${outer},${mark}` : mark;
  return marked;
}

function carriesMark(pid: number, mark: string): boolean {
  const value = readEnvVariable(pid, TREE_VARIABLE);
  return value !== undefined && value.split(',').includes(mark);
}

/** The living members of a 'proc' tree: the root's descendants, the marked processes and theirs. */
function findTreeMembers(tree: ProcessTree): ProcEntry[] {
  const processes = listLiveProcesses();
  const childrenOf = new Map<number, ProcEntry[]>();
  for (const entry of processes) {
    const siblings = childrenOf.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else childrenOf.set(entry.ppid, [entry]);
  }
  const members = new Map<number, ProcEntry>();
  const addWithDescendants = (entry: ProcEntry) => {
    const pending = [entry];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (members.has(next.pid) || next.pid === process.pid) continue;
      members.set(next.pid, next);
      pending.push(...(childrenOf.get(next.pid) ?? []));
    }
  };
  for (const entry of processes) {
    if (members.has(entry.pid)) continue;
    if (entry.pid === tree.rootPid || carriesMark(entry.pid, tree.mark)) addWithDescendants(entry);
  }
  return [...members.values()];
}

function signalPid(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    // ESRCH: already gone. EPERM: not ours any more. Neither is the caller's problem.
    return false;
  }
}

/**
 * Sends `signal` to the tree. `skip` leaves some members out (those the terminal already signalled).
 * Returns whether anything was signalled.
 */
export function signalTree(tree: ProcessTree, signal: NodeJS.Signals, skip?: (entry: ProcEntry) => boolean): boolean {
  if (tree.strategy === 'child') return tree.rootPid !== undefined && signalPid(tree.rootPid, signal);
  if (tree.strategy === 'group') return tree.pgid !== undefined && signalPid(-tree.pgid, signal);
  let sent = false;
  for (const member of findTreeMembers(tree)) {
    if (!skip?.(member)) sent = signalPid(member.pid, signal) || sent;
  }
  return sent;
}

/** SIGKILLs the tree, again while new members appear (a member forking during the sweep). */
export function killTreeNow(tree: ProcessTree): void {
  if (tree.strategy !== 'proc') {
    signalTree(tree, 'SIGKILL');
    return;
  }
  const killed = new Set<number>();
  for (let pass = 0; pass < MAX_KILL_PASSES; pass++) {
    const fresh = findTreeMembers(tree).filter((member) => !killed.has(member.pid));
    if (fresh.length === 0) return;
    for (const member of fresh) {
      killed.add(member.pid);
      signalPid(member.pid, 'SIGKILL');
    }
  }
}

/** Whether any member of the tree is still alive. */
export function treeIsAlive(tree: ProcessTree): boolean {
  if (tree.strategy === 'child') return tree.rootPid !== undefined && isPidAlive(tree.rootPid);
  if (tree.strategy === 'group') return tree.pgid !== undefined && signalPid(-tree.pgid, 0);
  return findTreeMembers(tree).length > 0;
}

function isPidAlive(pid: number): boolean {
  if (!hasProcTable()) return signalPid(pid, 0);
  const entry = readProcEntry(pid);
  return entry !== undefined && entry.state !== 'Z' && entry.state !== 'X';
}
