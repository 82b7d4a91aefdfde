import { constants } from 'node:os';
import { isIntegerIn, MAX_TIMER_MS, SaferunError } from '../shared/index.js';
import { invalidOption } from './invalid-option.js';
import { preferLocalBins } from './prefer-local.js';
import type { RunError } from './types.js';
import { validatePath } from './validate-path.js';
import { validateStdio, type StdioTarget, type StdioTargets } from './validate-stdio.js';

export { invalidOption } from './invalid-option.js';

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;
const DEFAULT_FORCE_KILL_AFTER = 2000;
const DEFAULT_DRAIN_TIMEOUT = 100;
const KNOWN_OPTIONS = new Set([
  'cwd',
  'env',
  'extendEnv',
  'input',
  'timeout',
  'killSignal',
  'forceKillAfter',
  'signal',
  'maxBuffer',
  'encoding',
  'stdio',
  'stdin',
  'stdout',
  'stderr',
  'inputFile',
  'all',
  'onStdout',
  'onStderr',
  'killTree',
  'cleanup',
  'detached',
  'stripFinalNewline',
  'shell',
  'drainTimeout',
  'throwOnError',
  'verbose',
  'preferLocal',
]);

/** Options after validation: every default filled in. */
export interface NormalizedOptions {
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  input: string | Uint8Array | undefined;
  timeout: number | undefined;
  killSignal: NodeJS.Signals;
  forceKillAfter: number | false;
  signal: AbortSignal | undefined;
  maxBuffer: number;
  encoding: 'utf8' | 'buffer';
  stdio: StdioTargets;
  all: boolean;
  onStdout: ((line: string) => void) | undefined;
  onStderr: ((line: string) => void) | undefined;
  killTree: boolean;
  cleanup: boolean;
  detached: boolean;
  stripFinalNewline: boolean;
  shell: string | undefined;
  drainTimeout: number;
  throwOnError: boolean;
  verbose: boolean;
}

/** Options that were refused: the error, and what the refused result still honours. */
export interface Refusal {
  refused: RunError;
  /** An empty Buffer, not '', when the caller asked for `encoding: 'buffer'`. */
  encoding: 'utf8' | 'buffer';
  throwOnError: boolean;
  verbose: boolean;
}

/** What a run was given: options to start with, or a refusal. */
export type RunOptions = NormalizedOptions | Refusal;

export function isRefusal(options: RunOptions): options is Refusal {
  return 'refused' in options;
}

/** A refusal keeps the few options that shape the refused result, read leniently from the raw options. */
export function makeRefusal(refused: RunError, rawOptions: unknown): Refusal {
  const raw = (typeof rawOptions === 'object' && rawOptions !== null ? rawOptions : {}) as Record<string, unknown>;
  return {
    refused,
    encoding: raw.encoding === 'buffer' ? 'buffer' : 'utf8',
    throwOnError: raw.throwOnError === true,
    verbose: raw.verbose === true || (raw.verbose === undefined && verboseFromEnv()),
  };
}

/** SAFERUN_VERBOSE=1 (or `true`) turns `verbose` on for every run that does not set it. */
function verboseFromEnv(): boolean {
  const value = process.env.SAFERUN_VERBOSE;
  return value === '1' || value === 'true';
}

/** Milliseconds for a timer; past MAX_TIMER_MS Node fires it at once, so the limit is said. */
function validateMilliseconds(name: string, value: unknown, expected = 'a non-negative integer'): number {
  if (!isIntegerIn(value, 0)) throw invalidOption(name, expected, value);
  if (value > MAX_TIMER_MS) throw invalidOption(name, `at most ${MAX_TIMER_MS} ms (about 24.8 days)`, value);
  return value;
}

function validateTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return validateMilliseconds('timeout', value) || undefined;
}

function validateForceKillAfter(value: unknown): number | false {
  if (value === undefined || value === true) return DEFAULT_FORCE_KILL_AFTER;
  if (value === false) return false;
  return validateMilliseconds('forceKillAfter', value, 'a non-negative integer or false');
}

/** A signal's name (`killSignal`, or the one given to `kill()`); `fallback` when none is given. */
export function validateSignalName(name: string, value: unknown, fallback: NodeJS.Signals): NodeJS.Signals {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && value in constants.signals) return value as NodeJS.Signals;
  throw invalidOption(name, 'a signal name such as `SIGTERM`', value);
}

function validateMaxBuffer(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BUFFER;
  if (typeof value === 'number' && (value === Infinity || (Number.isInteger(value) && value > 0))) return value;
  throw invalidOption('maxBuffer', 'a positive integer (bytes)', value);
}

function validateCwd(value: unknown): string | undefined {
  return value === undefined ? undefined : validatePath('cwd', value);
}

function validateEnv(env: unknown, extendEnv: unknown): NodeJS.ProcessEnv {
  if (extendEnv !== undefined && typeof extendEnv !== 'boolean')
    throw invalidOption('extendEnv', 'a boolean', extendEnv);
  if (env === undefined) return extendEnv === false ? {} : process.env;
  if (typeof env !== 'object' || env === null || Array.isArray(env))
    throw invalidOption('env', 'an object of strings', env);
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && typeof value !== 'string') throw invalidOption(`env.${key}`, 'a string', value);
  }
  return extendEnv === false ? { ...env } : { ...process.env, ...env };
}

/** `onStdout` / `onStderr` need the stream's lines to pass through saferun: a pipe, or a stream it writes to. */
function validateLineCallback(
  name: 'onStdout' | 'onStderr',
  value: unknown,
  target: StdioTarget,
): ((line: string) => void) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw invalidOption(name, 'a function', value);
  if (target !== 'pipe' && !(typeof target === 'object' && 'writable' in target)) {
    const stream = name === 'onStdout' ? 'stdout' : 'stderr';
    throw invalidOption(
      name,
      `absent when \`${stream}\` is not 'pipe' or a stream (its lines never reach saferun)`,
      value,
    );
  }
  return value as (line: string) => void;
}

function validateBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw invalidOption(name, 'a boolean', value);
}

function validateInput(value: unknown): string | Uint8Array | undefined {
  if (value === undefined || typeof value === 'string' || value instanceof Uint8Array) return value;
  throw invalidOption('input', 'a string or Buffer', value);
}

function validateShell(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return '/bin/sh';
  if (typeof value === 'string' && value !== '') return value;
  throw invalidOption('shell', 'a boolean or a shell path', value);
}

function validateAbortSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw invalidOption('signal', 'an AbortSignal', value);
}

function validateEncoding(value: unknown): 'utf8' | 'buffer' {
  if (value === undefined || value === 'utf8' || value === 'utf-8') return 'utf8';
  if (value === 'buffer') return 'buffer';
  throw invalidOption('encoding', "'utf8' or 'buffer'", value);
}

/** `{ ... }` (or `Object.create(null)`): not an array, a Map, a URL or another class's instance, whose keys are no options. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Validates raw user options and fills in every default. Throws SaferunError (ERR_INVALID_OPTION). */
export function normalizeOptions(rawOptions: unknown): NormalizedOptions {
  if (rawOptions !== undefined && !isPlainObject(rawOptions)) throw invalidOption('options', 'an object', rawOptions);
  const raw = rawOptions ?? {};
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(key)) throw new SaferunError('ERR_INVALID_OPTION', `Unknown option \`${key}\``);
  }
  const drainTimeout = validateMilliseconds('drainTimeout', raw.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT);
  const cwd = validateCwd(raw.cwd);
  const env = validateEnv(raw.env, raw.extendEnv);
  const detached = validateBoolean('detached', raw.detached, false);
  const stdio = validateStdio(raw);
  return {
    cwd,
    env: validateBoolean('preferLocal', raw.preferLocal, false) ? preferLocalBins(env, cwd) : env,
    input: validateInput(raw.input),
    timeout: validateTimeout(raw.timeout),
    killSignal: validateSignalName('killSignal', raw.killSignal, 'SIGTERM'),
    forceKillAfter: validateForceKillAfter(raw.forceKillAfter),
    signal: validateAbortSignal(raw.signal),
    maxBuffer: validateMaxBuffer(raw.maxBuffer),
    encoding: validateEncoding(raw.encoding),
    stdio,
    all: validateBoolean('all', raw.all, false),
    onStdout: validateLineCallback('onStdout', raw.onStdout, stdio[1]),
    onStderr: validateLineCallback('onStderr', raw.onStderr, stdio[2]),
    killTree: validateBoolean('killTree', raw.killTree, true),
    // A detached child is left running on purpose: the parent's exit does not take it along.
    cleanup: validateBoolean('cleanup', raw.cleanup, true) && !detached,
    detached,
    stripFinalNewline: validateBoolean('stripFinalNewline', raw.stripFinalNewline, true),
    shell: validateShell(raw.shell),
    drainTimeout,
    throwOnError: validateBoolean('throwOnError', raw.throwOnError, false),
    verbose: validateBoolean('verbose', raw.verbose, verboseFromEnv()),
  };
}
