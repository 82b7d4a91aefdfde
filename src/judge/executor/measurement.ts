/** What the helper measured and reported for one run (one line of JSON). */
export interface Measurement {
  /** With cgroup accounting: the cgroup's total; else wait4's rusage of every process reaped. */
  cpuMs: number;
  wallMs: number;
  /** With cgroup accounting: the cgroup's peak; else the largest process's peak resident set. */
  memoryKb: number;
  /** Sizes of the output files, measured by the helper on its own descriptors; -1 when unknown. */
  stdoutBytes: number;
  stderrBytes: number;
  exitCode: number | null;
  signal: number | null;
  limit: 'cpu' | 'wall' | 'aborted' | null;
  /** Processes the kernel killed for the cgroup's memory limit. */
  oomKills: number;
  accounting: 'cgroup' | 'rlimit';
  /** Why the run could not be set up (`stage: ERRNO`): the judge's failure, never the program's. */
  error: string | null;
}

const NUMBER_FIELDS = ['cpuMs', 'wallMs', 'memoryKb', 'stdoutBytes', 'stderrBytes', 'oomKills'] as const;

/** Parses and checks the helper's answer; throws on anything else. */
export function parseMeasurement(line: string): Measurement {
  const m = JSON.parse(line) as Record<string, unknown>;
  const nullableNumber = (value: unknown) => value === null || typeof value === 'number';
  const valid =
    NUMBER_FIELDS.every((key) => typeof m[key] === 'number') &&
    nullableNumber(m.exitCode) &&
    nullableNumber(m.signal) &&
    (m.limit === null || m.limit === 'cpu' || m.limit === 'wall' || m.limit === 'aborted') &&
    (m.accounting === 'cgroup' || m.accounting === 'rlimit') &&
    (m.error === null || typeof m.error === 'string');
  if (!valid) throw new Error(`the limit helper answered ${JSON.stringify(line.slice(0, 200))}`);
  return m as unknown as Measurement;
}
