import { killProcessGroup } from './kill-process-group.js';

interface LiveChild {
  pid: number;
  killTree: boolean;
}

const liveChildren = new Set<LiveChild>();
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function killAllLiveChildren(): void {
  for (const child of liveChildren) killProcessGroup(child.pid, 'SIGKILL', child.killTree);
  liveChildren.clear();
}

function onParentSignal(signal: NodeJS.Signals): void {
  // The app handles this signal itself (a graceful stop, say): its children are its business
  // until it exits, when the 'exit' hook still kills them.
  if (process.listenerCount(signal) > 1) return;
  // Only we listened: the parent is about to die of it. Kill the children, then restore the
  // default action so the parent still dies of the signal.
  killAllLiveChildren();
  uninstallHandlers();
  process.kill(process.pid, signal);
}

function uninstallHandlers(): void {
  process.removeListener('exit', killAllLiveChildren);
  for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, onParentSignal);
  handlersInstalled = false;
}

function installHandlers(): void {
  handlersInstalled = true;
  process.on('exit', killAllLiveChildren);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onParentSignal);
}

/**
 * Children still running when the parent exits, or dies of SIGINT/SIGTERM/SIGHUP that nothing
 * else handles, are SIGKILLed.
 */
export function trackLiveChild(pid: number, killTree: boolean): () => void {
  if (!handlersInstalled) installHandlers();
  const entry = { pid, killTree };
  liveChildren.add(entry);
  return () => {
    liveChildren.delete(entry);
  };
}
