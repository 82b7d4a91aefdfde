import { resolve } from 'node:path';
import { describeChoices, invalidValue, SaferunError } from '../shared/index.js';
import { resolveCacheDir } from './cache-dir.js';
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/index.js';
import type { CompileOptions, PchBuildEvent } from './types.js';

export const DEFAULT_COMPILE_TIMEOUT = 30_000;
export const DEFAULT_MAX_OUTPUT = 1024 * 1024;
// A contest program compiles in about 200 MB; a template bomb grows about 100 MB a second.
export const DEFAULT_MEMORY_LIMIT_MB = 2048;

/** Options after validation: every default filled in, paths absolute. */
export interface NormalizedCompileOptions {
  compiler: string;
  cc: string;
  language: 'c' | 'c++' | undefined;
  std: string | undefined;
  optimize: string;
  flags: string[];
  includeDirs: string[];
  defines: string[];
  output: string | undefined;
  syntaxOnly: boolean;
  compileOnly: boolean;
  warningsAsErrors: boolean;
  timeout: number;
  maxOutput: number;
  memoryLimitMb: number | undefined;
  pch: boolean;
  cache: boolean;
  cacheDir: string;
  cwd: string;
  signal: AbortSignal | undefined;
  onPchBuild: ((event: PchBuildEvent) => void) | undefined;
  sandbox: SandboxMode;
}

function fail(name: string, expected: string, value: unknown): never {
  throw invalidValue('ERR_INVALID_COMPILE_OPTION', name, expected, value);
}

// The -std values GCC and Clang accept: an unknown one is the caller's mistake, not a compile error.
const KNOWN_STANDARD =
  /^(?:(?:c|gnu)(?:89|90|99|9x|11|1x|17|18|1[xz]|2x|23|2y|2c)|(?:c|gnu)\+\+(?:98|03|0x|11|1y|14|1z|17|2a|20|2b|23|2c|26)|iso9899:(?:1990|199409|1999|199x|2011|2017|2018|2024))$/;

/** Whether `std` (with or without `-std=`) is a language standard GCC or Clang knows: `c++17`, `gnu++20`, `c11`. */
export function isKnownStandard(std: string): boolean {
  return KNOWN_STANDARD.test(std.replace(/^-std=/, ''));
}

function validateStandard(value: unknown): string | undefined {
  const std = optionalString('std', value)?.replace(/^-std=/, '');
  if (std !== undefined && !isKnownStandard(std))
    fail('std', 'a language standard such as c++17, gnu++20 or c11', value);
  return std;
}

const KNOWN = new Set([
  'compiler',
  'cc',
  'language',
  'compileOnly',
  'onPchBuild',
  'std',
  'optimize',
  'flags',
  'includeDirs',
  'defines',
  'output',
  'syntaxOnly',
  'warningsAsErrors',
  'timeout',
  'maxOutput',
  'memoryLimitMb',
  'pch',
  'cache',
  'cacheDir',
  'cwd',
  'signal',
  'sandbox',
]);

function validateSandbox(value: unknown): SandboxMode {
  if (value === undefined) return 'none';
  if (!SANDBOX_MODES.includes(value as SandboxMode)) fail('sandbox', describeChoices(SANDBOX_MODES), value);
  return value as SandboxMode;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(name, 'a non-empty string', value);
  return value;
}

function stringList(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    fail(name, 'an array of strings', value);
  return [...value];
}

function positiveInteger(name: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) fail(name, 'a positive integer', value);
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(name, 'a boolean', value);
  return value;
}

/** `{ N: 10, LOCAL: true }` or `['N=10', 'LOCAL']` become `['N=10', 'LOCAL']`. */
function normalizeDefines(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return stringList('defines', value);
  if (typeof value !== 'object' || value === null) fail('defines', 'an object or an array of strings', value);
  const defines: string[] = [];
  for (const [name, raw] of Object.entries(value)) {
    if (raw === false) continue;
    if (raw === true) defines.push(name);
    else if (typeof raw === 'string' || typeof raw === 'number') defines.push(`${name}=${raw}`);
    else fail(`defines.${name}`, 'a string, number or boolean', raw);
  }
  return defines;
}

export function normalizeCompileOptions(
  rawOptions: unknown,
  env: NodeJS.ProcessEnv = process.env,
): NormalizedCompileOptions {
  if (rawOptions === undefined) rawOptions = {};
  if (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions))
    fail('options', 'an object', rawOptions);
  const raw = rawOptions as CompileOptions & Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!KNOWN.has(key)) throw new SaferunError('ERR_INVALID_COMPILE_OPTION', `Unknown option \`${key}\``);
  const cwd = resolve(optionalString('cwd', raw.cwd) ?? process.cwd());
  const output = optionalString('output', raw.output);
  const cacheDir = optionalString('cacheDir', raw.cacheDir);
  if (raw.signal !== undefined && !(raw.signal instanceof AbortSignal)) fail('signal', 'an AbortSignal', raw.signal);
  if (raw.onPchBuild !== undefined && typeof raw.onPchBuild !== 'function')
    fail('onPchBuild', 'a function', raw.onPchBuild);
  const language: unknown = raw.language;
  if (language !== undefined && language !== 'c' && language !== 'c++') fail('language', "'c' or 'c++'", language);
  const syntaxOnly = flag('syntaxOnly', raw.syntaxOnly, false);
  const compileOnly = flag('compileOnly', raw.compileOnly, false);
  if (syntaxOnly && compileOnly)
    throw new SaferunError('ERR_INVALID_COMPILE_OPTION', 'Expected one of `syntaxOnly` and `compileOnly`, got both');
  return {
    compiler: optionalString('compiler', raw.compiler) ?? 'g++',
    cc: optionalString('cc', raw.cc) ?? 'gcc',
    language: raw.language,
    std: validateStandard(raw.std),
    optimize: optionalString('optimize', raw.optimize) ?? '-O2',
    flags: stringList('flags', raw.flags),
    includeDirs: stringList('includeDirs', raw.includeDirs).map((dir) => resolve(cwd, dir)),
    defines: normalizeDefines(raw.defines),
    output: output === undefined ? undefined : resolve(cwd, output),
    syntaxOnly,
    compileOnly,
    warningsAsErrors: flag('warningsAsErrors', raw.warningsAsErrors, false),
    timeout: positiveInteger('timeout', raw.timeout, DEFAULT_COMPILE_TIMEOUT)!,
    maxOutput: positiveInteger('maxOutput', raw.maxOutput, DEFAULT_MAX_OUTPUT)!,
    memoryLimitMb:
      raw.memoryLimitMb === false
        ? undefined
        : positiveInteger('memoryLimitMb', raw.memoryLimitMb, DEFAULT_MEMORY_LIMIT_MB),
    pch: flag('pch', raw.pch, true),
    cache: flag('cache', raw.cache, true),
    cacheDir: cacheDir === undefined ? resolveCacheDir(env) : resolve(cwd, cacheDir),
    cwd,
    signal: raw.signal,
    onPchBuild: raw.onPchBuild,
    sandbox: validateSandbox(raw.sandbox),
  };
}
