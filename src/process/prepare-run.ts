import { describeValue, SaferunError } from '../shared/index.js';
import type { LaunchSpec } from './active-run.js';
import { formatCommand } from './format-command.js';
import { isTemplateStrings, parseCommand, parseTemplate } from './parse-command.js';
import type { RunError } from './types.js';
import { invalidOption, isRefusal, makeRefusal, normalizeOptions, type RunOptions } from './validate-options.js';

/** A run ready to start: what to launch, and the options (or why they were refused). */
export interface Prepared {
  spec: LaunchSpec;
  options: RunOptions;
}

function toRunError(error: unknown): RunError {
  if (error instanceof SaferunError) {
    return { code: 'ERR_INVALID_OPTION', message: error.message };
  }
  return { code: 'ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** What a refused run shows as its command: the string itself, or how the bad value looks (never throws). */
export function shownCommand(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

function normalizeSafely(rawOptions: unknown): RunOptions {
  try {
    return normalizeOptions(rawOptions);
  } catch (error) {
    return makeRefusal(toRunError(error), rawOptions);
  }
}

/** A run refused before it starts; `rawOptions` still decide the empty output's type and whether to throw. */
export function refuse(command: string, error: unknown, rawOptions?: unknown): Prepared {
  const spec = { file: '', args: [], command, closeStdin: true };
  return { spec, options: makeRefusal(toRunError(error), rawOptions) };
}

export function validateArgs(args: unknown): string[] {
  if (args === undefined) return [];
  if (Array.isArray(args) && args.every((arg) => typeof arg === 'string' || typeof arg === 'number'))
    return args.map(String);
  throw invalidOption('args', 'an array of strings', args);
}

function shellSpec(shell: string, command: string, closeStdin: boolean): LaunchSpec {
  return { file: shell, args: ['-c', command], command, closeStdin };
}

/** A file and its arguments (execFile, spawn, fork, a template), through `shell` when asked. */
export function prepareFile(file: unknown, rawArgs: unknown, rawOptions: unknown, closeStdin: boolean): Prepared {
  const shown = shownCommand(file);
  try {
    if (typeof file !== 'string' || file === '') throw invalidOption('file', 'a non-empty string', file);
    const args = validateArgs(rawArgs);
    const options = normalizeSafely(rawOptions);
    if (!isRefusal(options) && options.shell !== undefined) {
      return { spec: shellSpec(options.shell, formatCommand(file, args), closeStdin), options };
    }
    return { spec: { file, args, command: formatCommand(file, args), closeStdin }, options };
  } catch (error) {
    return refuse(shown, error, rawOptions);
  }
}

/**
 * `run('cmd args', options)` or run`cmd ${arg}` (with `templateOptions` when bound): one argv,
 * no shell unless asked.
 */
export function prepareRun(first: unknown, rest: unknown[], templateOptions?: unknown): Prepared {
  if (isTemplateStrings(first)) {
    const command = first.join('${…}');
    try {
      const [file, ...args] = parseTemplate(first, rest);
      if (!file) throw noProgram(command);
      return prepareFile(file, args, templateOptions, true);
    } catch (error) {
      return refuse(command, error, templateOptions);
    }
  }
  if (typeof first !== 'string')
    return refuse(shownCommand(first), invalidOption('command', 'a string', first), rest[0]);
  const options = normalizeSafely(rest[0]);
  if (!isRefusal(options) && options.shell !== undefined)
    return { spec: shellSpec(options.shell, first, true), options };
  try {
    const [file, ...args] = parseCommand(first);
    if (file === undefined) throw noProgram(first);
    return { spec: { file, args, command: formatCommand(file, args), closeStdin: true }, options };
  } catch (error) {
    return refuse(first, error, rest[0]);
  }
}

function noProgram(command: string): SaferunError {
  return new SaferunError(
    'ERR_INVALID_OPTION',
    `Expected \`command\` to name a program, got ${describeValue(command)}`,
  );
}

/** `exec`: the string goes to `/bin/sh -c` (or the `shell` given). */
export function prepareShell(command: unknown, rawOptions: unknown): Prepared {
  if (typeof command !== 'string' || command.trim() === '') {
    return refuse(shownCommand(command), invalidOption('command', 'a non-empty string', command), rawOptions);
  }
  const options = normalizeSafely(rawOptions);
  const shell = isRefusal(options) ? '/bin/sh' : (options.shell ?? '/bin/sh');
  return { spec: shellSpec(shell, command, true), options };
}
