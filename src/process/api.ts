import { formatCommand } from './format-command.js';
import { inheritedExecArgv } from './inherited-exec-argv.js';
import { describeValue, SaferunError } from '../shared/index.js';
import { isTemplateStrings, parseCommand, parseTemplate } from './parse-command.js';
import { runSpecSync } from './run-sync.js';
import { Subprocess, type LaunchSpec } from './subprocess.js';
import type { ForkOptions, Options, OutputOf, Result, RunError } from './types.js';
import { invalidOption, normalizeOptions, type NormalizedOptions } from './validate-options.js';

type Prepared = { spec: LaunchSpec; options: NormalizedOptions | RunError };

function toRunError(error: unknown): RunError {
  if (error instanceof SaferunError) {
    return { code: 'ERR_INVALID_OPTION', message: error.message };
  }
  return { code: 'ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** What a refused run shows as its command: the string itself, or how the bad value looks (never throws). */
function shownCommand(value: unknown): string {
  return typeof value === 'string' ? value : describeValue(value);
}

function normalizeSafely(rawOptions: unknown): NormalizedOptions | RunError {
  try {
    return normalizeOptions(rawOptions);
  } catch (error) {
    return toRunError(error);
  }
}

function invalid(command: string, error: unknown): Prepared {
  return { spec: { file: '', args: [], command, closeStdin: true }, options: toRunError(error) };
}

function validateArgs(args: unknown): string[] {
  if (args === undefined) return [];
  if (Array.isArray(args) && args.every((arg) => typeof arg === 'string' || typeof arg === 'number'))
    return args.map(String);
  throw invalidOption('args', 'an array of strings', args);
}

function prepareFile(file: unknown, rawArgs: unknown, rawOptions: unknown, closeStdin: boolean): Prepared {
  const shown = shownCommand(file);
  try {
    if (typeof file !== 'string' || file === '') throw invalidOption('file', 'a non-empty string', file);
    const args = validateArgs(rawArgs);
    const options = normalizeSafely(rawOptions);
    if ('killTree' in options && options.shell !== undefined) {
      return { spec: shellSpec(options.shell, formatCommand(file, args), closeStdin), options };
    }
    return { spec: { file, args, command: formatCommand(file, args), closeStdin }, options };
  } catch (error) {
    return invalid(shown, error);
  }
}

function shellSpec(shell: string, command: string, closeStdin: boolean): LaunchSpec {
  return { file: shell, args: ['-c', command], command, closeStdin };
}

/** `run('cmd args')`, `run('cmd', options)` or run`cmd ${arg}`: one argv, no shell unless asked. */
function prepareRun(first: unknown, rest: unknown[]): Prepared {
  if (isTemplateStrings(first)) {
    const command = first.join('${…}');
    try {
      const [file, ...args] = parseTemplate(first, rest);
      return prepareFile(file, args, undefined, true);
    } catch (error) {
      return invalid(command, error);
    }
  }
  if (typeof first !== 'string') return invalid(shownCommand(first), invalidOption('command', 'a string', first));
  const options = normalizeSafely(rest[0]);
  if ('killTree' in options && options.shell !== undefined)
    return { spec: shellSpec(options.shell, first, true), options };
  try {
    const [file, ...args] = parseCommand(first);
    if (file === undefined)
      throw new SaferunError(
        'ERR_INVALID_OPTION',
        `Expected \`command\` to name a program, got ${describeValue(first)}`,
      );
    return { spec: { file, args, command: formatCommand(file, args), closeStdin: true }, options };
  } catch (error) {
    return invalid(first, error);
  }
}

function prepareShell(command: unknown, rawOptions: unknown): Prepared {
  if (typeof command !== 'string' || command.trim() === '') {
    return invalid(shownCommand(command), invalidOption('command', 'a non-empty string', command));
  }
  const options = normalizeSafely(rawOptions);
  const shell = 'killTree' in options ? (options.shell ?? '/bin/sh') : '/bin/sh';
  return { spec: shellSpec(shell, command, true), options };
}

function start<Output>({ spec, options }: Prepared): Subprocess<Output> {
  return new Subprocess<Output>(spec, options);
}

/**
 * Runs a command line split into words like a POSIX shell would (quotes, backslashes), with no
 * shell: `$`, globs, `;` and `|` stay plain characters. As a tagged template, each interpolated
 * value is exactly one argument. Never rejects.
 * @example
 * const result = await run('g++ program.cpp -o program -O2');
 * if (!result.ok) console.log('Compile Fail', result.stderr);
 * @example
 * await run`g++ ${file} -o ${out}`;
 */
export function run<O extends Options = Options>(command: string, options?: O): Promise<Result<OutputOf<O>>>;
export function run(strings: TemplateStringsArray, ...values: unknown[]): Promise<Result>;
export function run(first: string | TemplateStringsArray, ...rest: unknown[]): Promise<Result<string | Buffer>> {
  return Promise.resolve(start<string | Buffer>(prepareRun(first, rest)));
}

/**
 * Runs a command through `/bin/sh -c`, like `child_process.exec`, but never rejects.
 * @example
 * const { stdout } = await exec('ls | wc -l');
 */
export function exec<O extends Options = Options>(command: string, options?: O): Promise<Result<OutputOf<O>>> {
  return Promise.resolve(start<OutputOf<O>>(prepareShell(command, options)));
}

/**
 * Runs a file with arguments, no shell. Never rejects.
 * @example
 * const result = await execFile('g++', ['program.cpp', '-o', 'program']);
 */
export function execFile<O extends Options = Options>(
  file: string,
  args?: readonly string[],
  options?: O,
): Promise<Result<OutputOf<O>>> {
  return Promise.resolve(start<OutputOf<O>>(prepareFile(file, args, options, true)));
}

/**
 * Starts a file with arguments and returns a live handle: `pid`, `stdin`, `stdout`, `stderr`,
 * `kill()`, `lines()`. Awaiting it gives the Result. Stdin stays open unless `input` is given.
 * @example
 * const server = spawn('node', ['server.js']);
 * for await (const line of server.lines()) if (line === 'ready') break;
 * server.kill();
 * const result = await server;
 */
export function spawn<O extends Options = Options>(
  file: string,
  args?: readonly string[],
  options?: O,
): Subprocess<OutputOf<O>> {
  return start<OutputOf<O>>(prepareFile(file, args, options, false));
}

/**
 * Starts a Node module in a new Node process with an IPC channel (`handle.child.send`, `'message'`).
 * Awaiting it gives the Result. See `saferun/ipc` for typed messaging.
 */
export function fork<O extends ForkOptions = ForkOptions>(
  modulePath: string,
  args?: readonly string[],
  options?: O,
): Subprocess<OutputOf<O>> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw invalidOption('options', 'an object', options);
    }
    const {
      execArgv = inheritedExecArgv(),
      execPath = process.execPath,
      serialization = 'json',
      ...rest
    } = (options ?? {}) as ForkOptions;
    if (typeof modulePath !== 'string' || modulePath === '')
      throw invalidOption('modulePath', 'a non-empty string', modulePath);
    const forkArgs = validateArgs(args);
    if (!Array.isArray(execArgv) || !execArgv.every((flag) => typeof flag === 'string')) {
      throw invalidOption('execArgv', 'an array of strings', execArgv);
    }
    if (typeof execPath !== 'string' || execPath === '')
      throw invalidOption('execPath', 'a non-empty string', execPath);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
    if (serialization !== 'json' && serialization !== 'advanced')
      throw invalidOption('serialization', "'json' or 'advanced'", serialization);
    const prepared = prepareFile(execPath, [...execArgv, modulePath, ...forkArgs], rest, false);
    prepared.spec.ipc = { serialization };
    return start<OutputOf<O>>(prepared);
  } catch (error) {
    return start(invalid(shownCommand(modulePath), error));
  }
}

/**
 * `run`, synchronously: the same Result, never throws.
 * @example
 * const result = runSync('g++ program.cpp -o program');
 */
export function runSync<O extends Options = Options>(command: string, options?: O): Result<OutputOf<O>>;
export function runSync(strings: TemplateStringsArray, ...values: unknown[]): Result;
export function runSync(first: string | TemplateStringsArray, ...rest: unknown[]): Result<string | Buffer> {
  const { spec, options } = prepareRun(first, rest);
  return runSpecSync(spec, options);
}

/**
 * `exec`, synchronously: `execSync('exit 3')` returns `{ ok: false, kind: 'exit', exitCode: 3 }`.
 */
export function execSync<O extends Options = Options>(command: string, options?: O): Result<OutputOf<O>> {
  const { spec, options: normalized } = prepareShell(command, options);
  return runSpecSync(spec, normalized);
}

/** `execFile`, synchronously: the same Result, never throws. */
export function execFileSync<O extends Options = Options>(
  file: string,
  args?: readonly string[],
  options?: O,
): Result<OutputOf<O>> {
  const { spec, options: normalized } = prepareFile(file, args, options, true);
  return runSpecSync(spec, normalized);
}
