import type { ExecutorBackend } from './backend.js';
import type { CgroupLayout } from './cgroup/choose-layout.js';

/**
 * One cgroup per run: the memory limit is the cgroup's (resident, page cache and shm of every
 * process together), its CPU time every process's, reaped or not, and pids.max bounds processes and
 * threads even without root. No RLIMIT_AS: threads and runtimes that reserve address space start.
 */
export function cgroupBackend(layout: CgroupLayout): ExecutorBackend {
  return {
    accounting: 'cgroup',
    layout,
    limitFields: (limits) => ({
      mem_kb: Math.ceil(limits.memoryLimitMb * 1024),
      as_kb: 'none',
      nproc: limits.processLimit,
    }),
  };
}
