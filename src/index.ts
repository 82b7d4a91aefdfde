// The `saferun` entry point: the process API only, so that `import { run } from 'saferun'` stays
// light. The other areas have their own entry points: `saferun/compile`, `saferun/judge`,
// `saferun/queue` (BullMQ, an optional peer dependency) and `saferun/ipc`.
// `fork` comes from ./ipc: the typed channel over the core's fork (a few small modules, no dependency).
export { exec, execFile, execFileSync, execSync, run, runSync, spawn } from './process/index.js';
export { formatCommand, parseCommand, quoteArgument } from './process/index.js';
export { RunFailedError, Subprocess } from './process/index.js';
export { SaferunError, type SaferunErrorCode } from './shared/index.js';
export type {
  AbortedResult,
  BoundRun,
  BoundRunSync,
  ExitResult,
  ForkOptions,
  InvalidOptionsResult,
  OkResult,
  Options,
  OutputLimitResult,
  OutputOf,
  Result,
  ResultKind,
  ResultOf,
  RunError,
  SignalResult,
  SpawnErrorResult,
  StdinOption,
  StdioValue,
  StdoutOption,
  TimeoutResult,
} from './process/index.js';
export { fork, IpcChild, type IpcForkOptions } from './ipc/index.js';
