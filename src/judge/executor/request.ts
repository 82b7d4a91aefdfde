/** One run as the helper takes it: a line of `key=value` fields separated by tabs (see native/saferun-limit.c). */
export interface RunRequest {
  /** The run dir, as the helper sees it: it gets `stdout` and `stderr`. */
  run: string;
  /** The input file as the helper sees it; empty for /dev/null. A FIFO when `stdout` is one. */
  stdin: string;
  /** Empty: the run dir's `stdout` file. Else a FIFO (an interactive run), opened after `stdin`. */
  stdout: string;
  cpu_ms: number;
  wall_ms: number;
  /** The memory limit (of the cgroup, with cgroup accounting). */
  mem_kb: number;
  stack_kb: number;
  /** The largest file the program may write (RLIMIT_FSIZE): the output limit, in bytes. */
  fsize: number;
  /** The size of the run's private tmpfs (its /dev/shm and work dir), with namespaces. */
  tmpfs_kb: number;
  /** RLIMIT_AS, or none (with cgroup accounting). */
  as_kb: number | 'none';
  /** Processes and threads: the cgroup's pids.max, and RLIMIT_NPROC when the program's uid is its own. */
  nproc: number | 'none';
  /** The program's own uid (as root), or none. */
  uid: number | 'none';
}

/** The request line. Throws when a path cannot travel in it (a tab or newline). */
export function formatRequest(request: RunRequest): string {
  const names = { run: 'run dir', stdin: 'input', stdout: 'output' } as const;
  for (const key of ['run', 'stdin', 'stdout'] as const) {
    if (/[\t\n]/.test(request[key]))
      throw new Error(`the ${names[key]} path ${JSON.stringify(request[key])} has a tab or newline`);
  }
  const fields = Object.entries(request).map(([key, value]) => {
    if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0))
      throw new Error(`the helper request field ${key} must be a non-negative integer, got ${value}`);
    return `${key}=${value}`;
  });
  return `${fields.join('\t')}\n`;
}
