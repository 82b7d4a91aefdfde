// What a program, a compiler or a runtime prints when an allocation fails: g++ ("virtual memory
// exhausted", "PCH allocation failure"), libstdc++ (std::bad_alloc), glibc, the JVM
// (OutOfMemoryError), Node ("heap out of memory"), Python (MemoryError).
const FAILED_ALLOCATION =
  /out of memory|memory exhausted|cannot allocate memory|bad_alloc|Killed signal terminated program|PCH allocation failure|OutOfMemoryError|MemoryError/i;

/** Whether a process's stderr says that it ran out of memory. */
export function saysOutOfMemory(stderr: string): boolean {
  return FAILED_ALLOCATION.test(stderr);
}
