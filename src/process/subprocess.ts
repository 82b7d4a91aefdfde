import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ActiveRun, type LaunchSpec } from './active-run.js';
import { emptyOutput, makeAbortedBeforeStartResult, makeNotStartedResult } from './make-result.js';
import { isTemplateStrings } from './parse-command.js';
import { pipeIntoStdin } from './pipe-into-stdin.js';
import { prepareRun, refuse, shownCommand } from './prepare-run.js';
import { firstFailure, RunFailedError } from './run-failed-error.js';
import { streamLines } from './stream-lines.js';
import type { Options, OutputOf, Result, ResultOf, RunError } from './types.js';
import { invalidOption, isRefusal, makeRefusal, validateSignalName, type RunOptions } from './validate-options.js';
import { logStart } from './verbose-log.js';

/** The result of a run that never started, logged like the others under `verbose`. */
function notStartedResult<Output>(spec: LaunchSpec, options: RunOptions): Result<Output> | undefined {
  let result: Result<Output> | undefined;
  if (isRefusal(options)) {
    const empty = emptyOutput(options.encoding) as Output;
    result = makeNotStartedResult('invalid-options', options.refused, spec.command, empty);
  } else if (options.signal?.aborted) {
    result = makeAbortedBeforeStartResult(spec.command, options.encoding);
  }
  if (result && options.verbose) logStart(spec.command)(result);
  return result;
}

/**
 * A running (or finished) child: awaitable for its Result (never rejecting, unless
 * `throwOnError`), with `kill()`, `lines()` and `pipe()`. `child` is the raw ChildProcess, for
 * the IPC layer; undefined when it never started.
 */
export class Subprocess<Output = string, Settled = Result<Output>> implements PromiseLike<Settled> {
  readonly pid: number | undefined;
  readonly child: ChildProcess | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly command: string;
  private readonly run: ActiveRun | undefined;
  private readonly ownResult: Promise<Result<Output>>;
  private readonly throwOnError: boolean;
  /** The earlier commands of the pipeline this one ends, first first. */
  private sources: Subprocess<unknown, unknown>[] = [];
  private outcome: Promise<Settled> | undefined;
  /** The next command of the pipeline exited while this one still wrote to it (a broken pipe, not a failure). */
  private cutOff = false;

  constructor(spec: LaunchSpec, options: RunOptions) {
    this.command = spec.command;
    this.throwOnError = options.throwOnError;
    let settle!: (result: Result<Output>) => void;
    this.ownResult = new Promise((resolve) => (settle = resolve));
    const notStarted = notStartedResult<Output>(spec, options);
    if (notStarted) settle(notStarted);
    else
      this.run = new ActiveRun(
        spec,
        options as Exclude<RunOptions, { refused: RunError }>,
        settle as (result: Result<unknown>) => void,
      );
    this.child = this.run?.child;
    this.pid = this.child?.pid;
    this.stdin = this.child?.stdin ?? null;
    this.stdout = this.child?.stdout ?? null;
    this.stderr = this.child?.stderr ?? null;
  }

  /**
   * Sends a signal (default: `killSignal`) to the child's whole tree, and to every earlier
   * command of its pipeline; escalates to SIGKILL after `forceKillAfter`. Throws for a value
   * that is not a signal name.
   */
  kill(signal?: NodeJS.Signals): boolean {
    const name = signal === undefined ? undefined : validateSignalName('signal', signal, 'SIGTERM');
    let sent = this.run?.kill(name) ?? false;
    for (const source of this.sources) sent = (source.run?.kill(name) ?? false) || sent;
    return sent;
  }

  /** Lines of stdout (or stderr) as they arrive. Call it before awaiting the result. */
  lines(stream: 'stdout' | 'stderr' = 'stdout'): AsyncIterableIterator<string> {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers
    if (stream !== 'stdout' && stream !== 'stderr') throw invalidOption('stream', "'stdout' or 'stderr'", stream);
    return streamLines(stream === 'stdout' ? this.stdout : this.stderr);
  }

  /**
   * Pipes this command's stdout into another command's stdin, as `a | b` in a shell (no shell
   * involved). Gives the last command's handle; its result holds the earlier ones in `pipedFrom`.
   * A timeout, an abort or an output limit in any command ends them all; `kill()` reaches all.
   * @example
   * const { stdout } = await run('git log --format=%an').pipe('sort').pipe`uniq -c`;
   */
  pipe<O extends Options = Options>(command: string, options?: O): Subprocess<OutputOf<O>, ResultOf<O>>;
  pipe(strings: TemplateStringsArray, ...values: unknown[]): Subprocess;
  pipe<D, S>(destination: Subprocess<D, S>): Subprocess<D, S>;
  pipe(
    first: string | TemplateStringsArray | Subprocess<unknown, unknown>,
    ...rest: unknown[]
  ): Subprocess<unknown, unknown> {
    if (first instanceof Subprocess) return this.pipeInto(first);
    if (typeof first !== 'string' && !isTemplateStrings(first)) {
      const error = invalidOption('destination', 'a command string, a template or a handle', first);
      const prepared = refuse(shownCommand(first), error);
      return this.pipeInto(new Subprocess(prepared.spec, prepared.options));
    }
    const prepared = prepareRun(first, rest);
    return this.pipeInto(new Subprocess<unknown>(prepared.spec, prepared.options));
  }

  then<A = Settled, B = never>(
    onFulfilled?: ((value: Settled) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.settled().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Settled | B> {
    return this.settled().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Settled> {
    return this.settled().finally(onFinally);
  }

  private settled(): Promise<Settled> {
    this.outcome ??= this.settleOutcome();
    return this.outcome;
  }

  private async settleOutcome(): Promise<Settled> {
    let result = await this.ownResult;
    if (this.sources.length > 0) {
      const pipedFrom = (await Promise.all(this.sources.map((source) => source.ownResult))) as Result<
        string | Buffer
      >[];
      result = { ...result, pipedFrom };
    }
    // A command throws when it or the last one asked for it (execa rejects when either does); one
    // cut off by the next (`yes | head -1`) fails with EPIPE: no reason to throw.
    const excused = (index: number) => {
      const source = this.sources[index]!;
      return source.cutOff || !(source.throwOnError || this.throwOnError);
    };
    const failed = firstFailure(result, excused, this.throwOnError);
    if (failed) throw new RunFailedError(failed);
    return result as Settled;
  }

  private pipeInto<D, S>(destination: Subprocess<D, S>): Subprocess<D, S> {
    const source = this.run;
    const target = destination.run;
    // A refused pipe comes back at once; the commands given to it are left as they are.
    const refusal = (message: string) =>
      refusedSubprocess<D, S>(destination.command, { code: 'ERR_INVALID_OPTION', message });
    if (source?.child && !source.hasPipedStdout()) {
      return refusal("Expected the command piped from to have `stdout: 'pipe'`, the default");
    }
    const stdin = target?.claimStdin();
    if (target && !stdin) {
      return refusal(
        'Expected the command piped into to have its stdin free: a new handle (from `spawn`, or a run started in the same tick) without `input`, `inputFile` or `stdin`',
      );
    }
    destination.sources = [...this.sources, this];
    const pipeline = source?.pipeline ?? new Set<ActiveRun>();
    for (const run of [source, target]) {
      if (!run) continue;
      pipeline.add(run);
      run.pipeline = pipeline;
    }
    const stdout = source?.releaseStdout();
    if (stdout && stdin && target) {
      const { stream, kept } = stdout;
      if (kept.length > 0) stdin.write(kept);
      pipeIntoStdin(stream, stdin);
      // The reader is gone: close our end too, so that the writer's next write fails (EPIPE), as in a shell.
      target.onceExited(() => {
        if (source?.isRunning()) this.cutOff = true;
        stream.destroy();
      });
    } else if (stdin) {
      stdin.end(); // nothing to read from: the next command reads an empty input, as in a shell
    } else {
      stdout?.stream.destroy();
    }
    return destination;
  }
}

/** A handle for a run refused before it started (bad options), for the IPC layer and refused pipes. */
export function refusedSubprocess<Output = string, Settled = Result<Output>>(
  command: string,
  error: RunError,
  rawOptions?: unknown,
): Subprocess<Output, Settled> {
  return new Subprocess<Output, Settled>(
    { file: '', args: [], command, closeStdin: true },
    makeRefusal(error, rawOptions),
  );
}
