import { bindRun, bindRunSync, isOptionsObject, start, type BoundRun, type BoundRunSync } from './bind-options.js';
import { inheritedExecArgv } from './inherited-exec-argv.js';
import { prepareFile, prepareRun, prepareShell, refuse, shownCommand, validateArgs } from './prepare-run.js';
import { runSpecSync } from './run-sync.js';
import type { Subprocess } from './subprocess.js';
import type { ForkOptions, Options, OutputOf, ResultOf } from './types.js';
import { invalidOption, isPlainObject } from './validate-options.js';

/**
 * Runs a command line split into words like a POSIX shell would (quotes, backslashes), with no
 * shell: `$`, globs, `;` and `|` stay plain characters. As a tagged template, each interpolated
 * value is exactly one argument. Gives a handle: awaitable for the Result (never rejects unless
 * `throwOnError`), with `pipe()`, `kill()` and `lines()`. `run(options)` binds options.
 * @example
 * const result = await run('g++ program.cpp -o program -O2');
 * if (!result.ok) console.log(result.message, result.stderr);
 * @example
 * await run`g++ ${file} -o ${out}`;
 * const $ = run({ cwd: 'build', throwOnError: true });
 * await $`make -j4`;
 */
export function run<O extends Options = Options>(command: string, options?: O): Subprocess<OutputOf<O>, ResultOf<O>>;
export function run(strings: TemplateStringsArray, ...values: unknown[]): Subprocess;
export function run<O extends Options>(options: O): BoundRun<O>;
export function run(first: unknown, ...rest: unknown[]): Subprocess<unknown, unknown> | BoundRun<Options> {
  if (isOptionsObject(first) && rest.length === 0) return bindRun(first);
  return start(prepareRun(first, rest));
}

/**
 * Runs a command through `/bin/sh -c`, like `child_process.exec`; gives the same handle as `run`.
 * @example
 * const { stdout } = await exec('ls | wc -l');
 */
export function exec<O extends Options = Options>(command: string, options?: O): Subprocess<OutputOf<O>, ResultOf<O>> {
  return start(prepareShell(command, options));
}

/**
 * Runs a file with arguments, no shell; gives the same handle as `run`.
 * @example
 * const result = await execFile('g++', ['program.cpp', '-o', 'program']);
 */
export function execFile<O extends Options = Options>(
  file: string,
  args?: readonly string[],
  options?: O,
): Subprocess<OutputOf<O>, ResultOf<O>> {
  return start(prepareFile(file, args, options, true));
}

/**
 * Starts a file with arguments and returns a live handle: `pid`, `stdin`, `stdout`, `stderr`,
 * `kill()`, `lines()`, `pipe()`. Awaiting it gives the Result. Stdin stays open unless `input` is given.
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
): Subprocess<OutputOf<O>, ResultOf<O>> {
  return start(prepareFile(file, args, options, false));
}

/**
 * Starts a Node module in a new Node process with an IPC channel (`handle.child.send`, `'message'`).
 * Awaiting it gives the Result. See `saferun/ipc` for typed messaging.
 */
export function fork<O extends ForkOptions = ForkOptions>(
  modulePath: string,
  args?: readonly string[],
  options?: O,
): Subprocess<OutputOf<O>, ResultOf<O>> {
  try {
    if (options !== undefined && !isPlainObject(options)) throw invalidOption('options', 'an object', options);
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
    return start(prepared);
  } catch (error) {
    return start(refuse(shownCommand(modulePath), error, options));
  }
}

/**
 * `run`, synchronously: the same Result, never throws (unless `throwOnError`). `runSync(options)` binds options.
 * @example
 * const result = runSync('g++ program.cpp -o program');
 */
export function runSync<O extends Options = Options>(command: string, options?: O): ResultOf<O>;
export function runSync(strings: TemplateStringsArray, ...values: unknown[]): ResultOf<Options>;
export function runSync<O extends Options>(options: O): BoundRunSync<O>;
export function runSync(first: unknown, ...rest: unknown[]): unknown {
  if (isOptionsObject(first) && rest.length === 0) return bindRunSync(first);
  const { spec, options } = prepareRun(first, rest);
  return runSpecSync(spec, options);
}

/**
 * `exec`, synchronously: `execSync('exit 3')` returns `{ ok: false, kind: 'exit', exitCode: 3 }`.
 */
export function execSync<O extends Options = Options>(command: string, options?: O): ResultOf<O> {
  const { spec, options: normalized } = prepareShell(command, options);
  return runSpecSync(spec, normalized) as ResultOf<O>;
}

/** `execFile`, synchronously: the same Result, never throws (unless `throwOnError`). */
export function execFileSync<O extends Options = Options>(
  file: string,
  args?: readonly string[],
  options?: O,
): ResultOf<O> {
  const { spec, options: normalized } = prepareFile(file, args, options, true);
  return runSpecSync(spec, normalized) as ResultOf<O>;
}
