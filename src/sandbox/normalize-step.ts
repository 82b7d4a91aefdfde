import { isAbsolute, normalize, resolve } from 'node:path';
import { describeChoices, describeIntegerRange, invalidValue, isIntegerIn, MAX_TIMER_MS } from '../shared/index.js';
import { SANDBOX_MODES, type SandboxMode } from './bwrap.js';
import type { StepFile, StepOptions } from './step-types.js';

/** Bytes of stdout, and of stderr, a step keeps by default (`limits.outputBytes`). */
export const DEFAULT_STEP_OUTPUT_BYTES = 1 << 20;

/** The step's options after validation: defaults in, paths absolute. */
export interface NormalizedStep {
  command: string;
  args: string[];
  files: [string, StepFile][];
  outputs: string[];
  outputDir: string | undefined;
  limits: { timeMs: number; memoryMb: number | undefined; outputBytes: number; processes: number; fileSizeMb: number };
  env: Record<string, string>;
  readOnlyPaths: string[];
  sandbox: SandboxMode;
  onWarning: ((message: string) => void) | undefined;
  signal: AbortSignal | undefined;
}

function fail(name: string, expected: string, value: unknown): never {
  throw invalidValue('ERR_INVALID_OPTION', name, expected, value);
}

/** A name inside the work dir: relative, no `..`, no `.`, nothing to normalise away. */
function isRelativeName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name !== '' &&
    !name.includes('\0') &&
    !isAbsolute(name) &&
    normalize(name) === name &&
    !name.endsWith('/') &&
    name.split('/').every((part) => part !== '..' && part !== '.')
  );
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!isIntegerIn(value, min, max)) fail(name, describeIntegerRange(min, max), value);
  return value;
}

function stringList(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== ''))
    fail(name, 'an array of non-empty strings', value);
  return [...(value as string[])];
}

function normalizeFiles(value: unknown): [string, StepFile][] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('files', 'an object of name → host path or { content }', value);
  return Object.entries(value as Record<string, unknown>).map(([name, file]) => {
    if (!isRelativeName(name)) fail('files', 'relative names without `..`', name);
    if (typeof file === 'string' && isAbsolute(file)) return [name, file];
    const content = (file as { content?: unknown } | null)?.content;
    if (typeof content === 'string' || content instanceof Uint8Array) return [name, { content }];
    return fail(`files[${JSON.stringify(name)}]`, 'an absolute host path or { content }', file);
  });
}

function normalizeEnv(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('env', 'an object of strings', value);
  for (const [name, item] of Object.entries(value as Record<string, unknown>))
    if (typeof item !== 'string' || name === '' || name.includes('=')) fail(`env.${name}`, 'a string', item);
  return { ...(value as Record<string, string>) };
}

/** Validates the options of runSandboxedStep(); throws a SaferunError that names the option. */
export function normalizeStep(raw: StepOptions): NormalizedStep {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers
  if (typeof raw !== 'object' || raw === null) fail('options', 'an object', raw);
  const { command, limits = {} } = raw;
  if (typeof command !== 'string' || command === '' || (command.includes('/') && !isAbsolute(command)))
    fail('command', 'an absolute path or a name on PATH', command);
  const outputs = stringList('outputs', raw.outputs);
  for (const name of outputs) if (!isRelativeName(name)) fail('outputs', 'relative names without `..`', name);
  if (outputs.length > 0 && (typeof raw.outputDir !== 'string' || raw.outputDir === ''))
    fail('outputDir', 'a host directory (required with `outputs`)', raw.outputDir);
  const sandbox = raw.sandbox ?? 'bwrap';
  if (!SANDBOX_MODES.includes(sandbox)) fail('sandbox', describeChoices(SANDBOX_MODES), sandbox);
  if (raw.signal !== undefined && !(raw.signal instanceof AbortSignal)) fail('signal', 'an AbortSignal', raw.signal);
  if (raw.onWarning !== undefined && typeof raw.onWarning !== 'function')
    fail('onWarning', 'a function', raw.onWarning);
  return {
    command,
    args: raw.args === undefined ? [] : validateArgs(raw.args),
    files: normalizeFiles(raw.files),
    outputs,
    outputDir: raw.outputDir === undefined ? undefined : resolve(raw.outputDir),
    limits: {
      timeMs: integer('limits.timeMs', limits.timeMs, 30_000, 1, MAX_TIMER_MS),
      memoryMb: limits.memoryMb === false ? undefined : integer('limits.memoryMb', limits.memoryMb, 2048, 1, 1 << 30),
      outputBytes: integer('limits.outputBytes', limits.outputBytes, DEFAULT_STEP_OUTPUT_BYTES, 1, 2 ** 40),
      processes: integer('limits.processes', limits.processes, 64, 1, 1 << 22),
      fileSizeMb: integer('limits.fileSizeMb', limits.fileSizeMb, 1024, 1, 1 << 30),
    },
    env: normalizeEnv(raw.env),
    readOnlyPaths: stringList('readOnlyPaths', raw.readOnlyPaths).map((path) => {
      if (!isAbsolute(path)) fail('readOnlyPaths', 'absolute paths', path);
      return normalize(path).replace(/(.)\/$/, '$1');
    }),
    sandbox,
    onWarning: raw.onWarning,
    signal: raw.signal,
  };
}

function validateArgs(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    fail('args', 'an array of strings', value);
  return [...value];
}
