export { exec, execFile, execFileSync, execSync, fork, run, runSync, spawn } from './api.js';
export { formatCommand, quoteArgument } from './format-command.js';
export { parseCommand } from './parse-command.js';
export { Subprocess } from './subprocess.js';
export type { ForkOptions, Options, OutputOf, Result, ResultKind, RunError, StdioValue } from './types.js';
export type { ChildProcess } from 'node:child_process';
