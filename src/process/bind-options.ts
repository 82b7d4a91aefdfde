// `run(options)`: options bound once, like execa's `$(options)`, for a script's many commands.
import { isTemplateStrings } from './parse-command.js';
import { prepareRun, type Prepared } from './prepare-run.js';
import { runSpecSync } from './run-sync.js';
import { Subprocess } from './subprocess.js';
import type { Options, OutputOf, ResultOf } from './types.js';
import { isPlainObject } from './validate-options.js';

/**
 * Options bound once, then options given at the call: a key the call sets wins; a key it may
 * leave unset (any key of the plain `Options` type, the default when none are given) keeps the bound one.
 */
type Merge<A, B> = {
  [K in keyof A | keyof B]: K extends keyof B
    ? undefined extends B[K]
      ? K extends keyof A
        ? A[K]
        : B[K]
      : B[K]
    : K extends keyof A
      ? A[K]
      : never;
};

/** `run` with options bound: call it like `run`, or bind more options (`$({ timeout: 1000 })`). */
export interface BoundRun<Base extends Options> {
  <O extends Options = Options>(
    command: string,
    options?: O,
  ): Subprocess<OutputOf<Merge<Base, O>>, ResultOf<Merge<Base, O>>>;
  (strings: TemplateStringsArray, ...values: unknown[]): Subprocess<OutputOf<Base>, ResultOf<Base>>;
  <O extends Options>(options: O): BoundRun<Merge<Base, O>>;
}

/** `runSync` with options bound. */
export interface BoundRunSync<Base extends Options> {
  <O extends Options = Options>(command: string, options?: O): ResultOf<Merge<Base, O>>;
  (strings: TemplateStringsArray, ...values: unknown[]): ResultOf<Base>;
  <O extends Options>(options: O): BoundRunSync<Merge<Base, O>>;
}

export function start<Output, Settled>({ spec, options }: Prepared): Subprocess<Output, Settled> {
  return new Subprocess<Output, Settled>(spec, options);
}

/**
 * A plain options object, as opposed to a command string, a template's strings (an array) or a
 * command given as some other object (a URL, a Buffer), which is refused rather than bound.
 */
export function isOptionsObject(value: unknown): value is Options {
  return isPlainObject(value);
}

/** Later options win; `env` is merged. A value that is not an object is kept, for validation to refuse. */
function mergeOptions(bound: Options, given: unknown): unknown {
  if (given === undefined) return bound;
  if (!isOptionsObject(given)) return given;
  const env = bound.env && given.env ? { env: { ...bound.env, ...given.env } } : {};
  return { ...bound, ...given, ...env };
}

/** Calls `run` (or `runSync`) with `bound` under the options given at the call. */
function prepareBound(bound: Options, first: unknown, rest: unknown[]): Prepared {
  if (isTemplateStrings(first)) return prepareRun(first, rest, bound);
  return prepareRun(first, [mergeOptions(bound, rest[0])]);
}

export function bindRun(bound: Options): BoundRun<Options> {
  return ((first: unknown, ...rest: unknown[]) => {
    if (isOptionsObject(first) && rest.length === 0) return bindRun(mergeOptions(bound, first) as Options);
    return start(prepareBound(bound, first, rest));
  }) as BoundRun<Options>;
}

export function bindRunSync(bound: Options): BoundRunSync<Options> {
  return ((first: unknown, ...rest: unknown[]) => {
    if (isOptionsObject(first) && rest.length === 0) return bindRunSync(mergeOptions(bound, first) as Options);
    const { spec, options } = prepareBound(bound, first, rest);
    return runSpecSync(spec, options);
  }) as BoundRunSync<Options>;
}
