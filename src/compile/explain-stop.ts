import type { CompileKind } from './types.js';

/** The limits a stopped compile names: compile()'s options, or a language's build step's. */
export interface StopLimits {
  timeMs: number | undefined;
  memoryMb: number | false | undefined;
  outputBytes: number | undefined;
}

/** Why saferun stopped a compile, said in its diagnostics where a reader looks first; undefined when it did not. */
export function explainStop(kind: CompileKind, limits: StopLimits): string | undefined {
  switch (kind) {
    case 'timeout':
      return `compilation stopped: it took longer than the ${limits.timeMs} ms limit`;
    case 'memory-limit':
      return `compilation stopped: the compiler ran out of memory under the ${limits.memoryMb} MiB limit`;
    case 'output-limit':
      return `compilation stopped: the compiler printed more than ${limits.outputBytes} bytes; the diagnostics are cut`;
    case 'aborted':
      return 'compilation aborted';
    default:
      return undefined;
  }
}
