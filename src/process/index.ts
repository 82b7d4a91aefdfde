export { exec, execFile, execFileSync, execSync, fork, run, runSync, spawn } from './api.js';
export type { BoundRun, BoundRunSync } from './bind-options.js';
export { describeEnding } from './describe-ending.js';
export { formatCommand, quoteArgument } from './format-command.js';
export { makeNotStartedResult } from './make-result.js';
export { parseCommand } from './parse-command.js';
export { RunFailedError } from './run-failed-error.js';
export { refusedSubprocess, Subprocess } from './subprocess.js';
export type {
  AbortedResult,
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
} from './types.js';
export type { ChildProcess } from 'node:child_process';
