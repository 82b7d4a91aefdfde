import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { invalidValue, SaferunError } from '../shared/index.js';
import type { StdioValue } from './types.js';

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;
const DEFAULT_FORCE_KILL_AFTER = 2000;
const DEFAULT_DRAIN_TIMEOUT = 100;
const STDIO_VALUES: readonly StdioValue[] = ['pipe', 'inherit', 'ignore'];
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
  'onStdout',
  'onStderr',
  'killTree',
  'stripFinalNewline',
  'shell',
  'drainTimeout',
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
  stdio: [StdioValue, StdioValue, StdioValue];
  onStdout: ((line: string) => void) | undefined;
  onStderr: ((line: string) => void) | undefined;
  killTree: boolean;
  stripFinalNewline: boolean;
  shell: string | undefined;
  drainTimeout: number;
}

export function invalidOption(name: string, expected: string, value: unknown): SaferunError {
  return invalidValue('ERR_INVALID_OPTION', name, expected, value);
}

function isMilliseconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1;
}

function validateTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!isMilliseconds(value)) throw invalidOption('timeout', 'a non-negative integer', value);
  return value === 0 ? undefined : value;
}

function validateForceKillAfter(value: unknown): number | false {
  if (value === undefined || value === true) return DEFAULT_FORCE_KILL_AFTER;
  if (value === false) return false;
  if (!isMilliseconds(value)) throw invalidOption('forceKillAfter', 'a non-negative integer or false', value);
  return value;
}

function validateKillSignal(value: unknown): NodeJS.Signals {
  if (value === undefined) return 'SIGTERM';
  if (typeof value === 'string' && value in constants.signals) return value as NodeJS.Signals;
  throw invalidOption('killSignal', 'a signal name such as `SIGTERM`', value);
}

function validateMaxBuffer(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BUFFER;
  if (typeof value === 'number' && (value === Infinity || (Number.isInteger(value) && value > 0))) return value;
  throw invalidOption('maxBuffer', 'a positive integer (bytes)', value);
}

function validateCwd(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof URL) return fileURLToPath(value);
  if (typeof value === 'string' && value !== '') return value;
  throw invalidOption('cwd', 'a non-empty string or file URL', value);
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

function validateStdio(value: unknown): [StdioValue, StdioValue, StdioValue] {
  if (value === undefined) return ['pipe', 'pipe', 'pipe'];
  if (STDIO_VALUES.includes(value as StdioValue)) return [value, value, value] as [StdioValue, StdioValue, StdioValue];
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((item: unknown) => STDIO_VALUES.includes(item as StdioValue))
  ) {
    return value as [StdioValue, StdioValue, StdioValue];
  }
  throw invalidOption('stdio', "'pipe', 'inherit', 'ignore' or an array of three of them", value);
}

function validateCallback(name: string, value: unknown): ((line: string) => void) | undefined {
  if (value === undefined || typeof value === 'function') return value as ((line: string) => void) | undefined;
  throw invalidOption(name, 'a function', value);
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

/** Validates raw user options and fills in every default. Throws SaferunError (ERR_INVALID_OPTION). */
export function normalizeOptions(rawOptions: unknown): NormalizedOptions {
  if (
    rawOptions !== undefined &&
    (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions))
  ) {
    throw invalidOption('options', 'an object', rawOptions);
  }
  const raw = (rawOptions ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(key)) throw new SaferunError('ERR_INVALID_OPTION', `Unknown option \`${key}\``);
  }
  const drainTimeout = raw.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT;
  if (!isMilliseconds(drainTimeout)) throw invalidOption('drainTimeout', 'a non-negative integer', drainTimeout);
  return {
    cwd: validateCwd(raw.cwd),
    env: validateEnv(raw.env, raw.extendEnv),
    input: validateInput(raw.input),
    timeout: validateTimeout(raw.timeout),
    killSignal: validateKillSignal(raw.killSignal),
    forceKillAfter: validateForceKillAfter(raw.forceKillAfter),
    signal: validateAbortSignal(raw.signal),
    maxBuffer: validateMaxBuffer(raw.maxBuffer),
    encoding: validateEncoding(raw.encoding),
    stdio: validateStdio(raw.stdio),
    onStdout: validateCallback('onStdout', raw.onStdout),
    onStderr: validateCallback('onStderr', raw.onStderr),
    killTree: validateBoolean('killTree', raw.killTree, true),
    stripFinalNewline: validateBoolean('stripFinalNewline', raw.stripFinalNewline, true),
    shell: validateShell(raw.shell),
    drainTimeout,
  };
}
