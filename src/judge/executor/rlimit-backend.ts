import type { NormalizedLimits } from '../limits.js';
import type { ExecutorBackend } from './backend.js';

/** Room in the address space for this many thread stacks besides the memory limit. */
const THREAD_STACKS = 8;

/**
 * Without cgroups: limits per process. RLIMIT_AS is a backstop, not the memory limit: glibc reserves
 * each thread's stack (RLIMIT_STACK) and each malloc arena in the address space without using it, so
 * an RLIMIT_AS at the memory limit kills threads at their start. It is the memory limit plus
 * THREAD_STACKS stacks; the memory limit itself is judged on the measured peak resident set.
 */
function rlimitAddressSpaceKb(limits: NormalizedLimits): number {
  return Math.ceil((limits.memoryLimitMb + THREAD_STACKS * limits.stackLimitMb) * 1024);
}

export function rlimitBackend(): ExecutorBackend {
  return {
    accounting: 'rlimit',
    limitFields: (limits) => ({
      mem_kb: Math.ceil(limits.memoryLimitMb * 1024),
      as_kb: rlimitAddressSpaceKb(limits),
      nproc: limits.processLimit,
    }),
  };
}
