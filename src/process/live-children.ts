import { killTreeNow, signalTree, treeIsAlive, type ProcessTree } from './kill-tree.js';
import { ownTerminalState } from './proc-table.js';

/** A run to end when the parent ends. */
interface LiveRun {
  tree: ProcessTree;
  killSignal: NodeJS.Signals;
  forceKillAfter: number | false;
}

const liveRuns = new Set<LiveRun>();
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const POLL_MS = 10;
let handlersInstalled = false;

/** Blocks the thread: while the parent is going down, no more of its code may run (start the next command, say). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Passes `signal` (or, on a plain exit, each run's kill signal) to every live run's tree, waits
 * for the trees to end within their grace period, then SIGKILLs what is left.
 */
function endLiveRuns(signal: NodeJS.Signals | undefined): void {
  const runs = [...liveRuns];
  liveRuns.clear();
  if (runs.length === 0) return;
  // Ctrl-C: the terminal already sent SIGINT to its whole foreground process group, our
  // children in it included; a second one could cut their cleanup short.
  const terminal = signal === 'SIGINT' ? ownTerminalState() : undefined;
  const skip = terminal?.foreground ? (entry: { pgrp: number }) => entry.pgrp === terminal.pgrp : undefined;
  for (const run of runs) signalTree(run.tree, signal ?? run.killSignal, skip);
  const escalated = runs.filter((run) => run.forceKillAfter !== false);
  const grace = Math.max(0, ...escalated.map((run) => run.forceKillAfter as number));
  const deadline = performance.now() + grace;
  while (escalated.some((run) => treeIsAlive(run.tree)) && performance.now() < deadline) sleepSync(POLL_MS);
  for (const run of escalated) killTreeNow(run.tree);
}

function onParentExit(): void {
  endLiveRuns(undefined);
}

function onParentSignal(signal: NodeJS.Signals): void {
  // The app handles this signal itself (a graceful stop, say): its children are its business
  // until it exits, when the 'exit' hook still ends them.
  if (process.listenerCount(signal) > 1) return;
  // Only we listened: the parent is about to die of it. Pass it on, then restore the default
  // action so the parent still dies of the signal.
  uninstallHandlers();
  endLiveRuns(signal);
  process.kill(process.pid, signal);
}

function uninstallHandlers(): void {
  process.removeListener('exit', onParentExit);
  for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, onParentSignal);
  handlersInstalled = false;
}

function installHandlers(): void {
  handlersInstalled = true;
  process.on('exit', onParentExit);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onParentSignal);
}

/**
 * Children still running when the parent exits get their kill signal; when it dies of SIGINT,
 * SIGTERM or SIGHUP that nothing else handles, they get that signal. Either way, what is left
 * after the grace period (`forceKillAfter`) is SIGKILLed.
 */
export function trackLiveRun(run: LiveRun): () => void {
  if (!handlersInstalled) installHandlers();
  liveRuns.add(run);
  return () => {
    liveRuns.delete(run);
  };
}
