/**
 * Signals the child's whole process group when it leads one, else the child alone.
 * Never signals `-undefined`: a child that failed to spawn has no pid.
 * Returns false when there was nothing left to signal.
 */
export function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals, wholeGroup: boolean): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(wholeGroup ? -pid : pid, signal);
    return true;
  } catch {
    // ESRCH: already gone. EPERM: not ours any more. Neither is the caller's problem.
    return false;
  }
}
