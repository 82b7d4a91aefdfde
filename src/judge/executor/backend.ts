import { SaferunError } from '../../shared/index.js';
import type { NormalizedLimits } from '../limits.js';
import { cgroupBackend } from './cgroup-backend.js';
import { probeCgroups } from './cgroup/probe-cgroups.js';
import type { CgroupLayout } from './cgroup/choose-layout.js';
import type { RunRequest } from './request.js';
import { rlimitBackend } from './rlimit-backend.js';

/** The accounting modes, in the order messages list them. */
export const ACCOUNTING_MODES = ['auto', 'cgroup', 'rlimit'] as const;

/** `'auto'` uses cgroups when this process may create them, else rlimits. */
export type AccountingMode = (typeof ACCOUNTING_MODES)[number];

/**
 * How a run's CPU time, memory and processes are limited and measured. The helper does the work;
 * a backend says which cgroups it uses and how the limits map onto the helper's request.
 */
export interface ExecutorBackend {
  accounting: 'cgroup' | 'rlimit';
  /** The cgroups of each run, with cgroup accounting. */
  layout?: CgroupLayout;
  /** Why cgroups are not used, when `'auto'` fell back to rlimits. */
  reason?: string;
  /** The request fields for the memory and process limits. */
  limitFields(limits: NormalizedLimits): Pick<RunRequest, 'mem_kb' | 'as_kb' | 'nproc'>;
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(message, { code: 'SAFERUN_NO_CGROUPS' });
}

/**
 * The backend for an accounting mode. `'cgroup'` when cgroups cannot be used here is an error;
 * `'auto'` falls back to rlimits, and says why through `warn` (by default a process warning, once).
 */
export async function resolveBackend(
  mode: AccountingMode,
  warn: (message: string) => void = warnOnce,
): Promise<ExecutorBackend> {
  if (mode === 'rlimit') return rlimitBackend();
  const choice = await probeCgroups();
  if ('layout' in choice) return cgroupBackend(choice.layout);
  if (mode === 'cgroup')
    throw new SaferunError('ERR_CGROUPS_UNAVAILABLE', `accounting 'cgroup' was required, but ${choice.reason}`);
  warn(`saferun: no cgroups for the runs (${choice.reason}); limits and measurement fall back to rlimits`);
  return { ...rlimitBackend(), reason: choice.reason };
}
