import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import crossSpawn from 'cross-spawn';
import { killProcessGroup } from './kill-process-group.js';
import { trackLiveChild } from './live-children.js';
import {
  describeSpawnError,
  emptyOutput,
  makeAbortedBeforeStartResult,
  makeNotStartedResult,
  makeResult,
  type Ending,
} from './make-result.js';
import { finishOutput, OutputCollector } from './output-collector.js';
import { streamLines } from './stream-lines.js';
import type { Result, RunError } from './types.js';
import type { NormalizedOptions } from './validate-options.js';

/** What to start: resolved argv plus how the API call wants it handled. */
export interface LaunchSpec {
  file: string;
  args: string[];
  command: string;
  /** run/exec/execFile close stdin at once when there is no input; live handles keep it open. */
  closeStdin: boolean;
  ipc?: { serialization: 'json' | 'advanced' };
}

type Settle<Output> = (result: Result<Output>) => void;

/**
 * A running (or finished) child: awaitable for its Result, never rejecting.
 * `child` is the raw ChildProcess, for the IPC layer; undefined when it never started.
 */
export class Subprocess<Output = string> implements PromiseLike<Result<Output>> {
  readonly pid: number | undefined;
  readonly child: ChildProcess | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly command: string;
  private readonly done: Promise<Result<Output>>;
  private run: ActiveRun<Output> | undefined;

  constructor(spec: LaunchSpec, options: NormalizedOptions | RunError) {
    this.command = spec.command;
    let settle!: Settle<Output>;
    this.done = new Promise((resolve) => (settle = resolve));
    if (!('killTree' in options)) {
      settle(makeNotStartedResult('invalid-options', options, spec.command, emptyOutput(undefined) as Output));
    } else if (options.signal?.aborted) {
      settle(makeAbortedBeforeStartResult(spec.command, options.encoding));
    } else {
      this.run = new ActiveRun(spec, options, settle);
    }
    this.child = this.run?.child;
    this.pid = this.child?.pid;
    this.stdin = this.child?.stdin ?? null;
    this.stdout = this.child?.stdout ?? null;
    this.stderr = this.child?.stderr ?? null;
  }

  /** Sends a signal (default: `killSignal`) to the child, or its whole group; escalates to SIGKILL. */
  kill(signal?: NodeJS.Signals): boolean {
    return this.run?.kill(signal) ?? false;
  }

  /** Lines of stdout (or stderr) as they arrive. Call it before awaiting the result. */
  lines(stream: 'stdout' | 'stderr' = 'stdout'): AsyncIterableIterator<string> {
    return streamLines(stream === 'stdout' ? this.stdout : this.stderr);
  }

  then<A = Result<Output>, B = never>(
    onFulfilled?: ((value: Result<Output>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onFulfilled, onRejected);
  }
}

class ActiveRun<Output> {
  readonly child: ChildProcess | undefined;
  private readonly startedAt = performance.now();
  private readonly stdout: OutputCollector;
  private readonly stderr: OutputCollector;
  private readonly ending: Ending = { reason: undefined, exitCode: null, signal: null };
  private openStreams = 0;
  private exited = false;
  private settled = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private untrack: (() => void) | undefined;
  private readonly onAbort = () => this.terminate('aborted');

  constructor(
    private readonly spec: LaunchSpec,
    private readonly options: NormalizedOptions,
    private readonly settle: Settle<Output>,
  ) {
    this.stdout = new OutputCollector(options.maxBuffer, () => this.terminate('output-limit'), options.onStdout);
    this.stderr = new OutputCollector(options.maxBuffer, () => this.terminate('output-limit'), options.onStderr);
    try {
      this.child = crossSpawn(spec.file, spec.args, this.spawnOptions());
    } catch (error) {
      this.child = undefined;
      this.failToStart(error as NodeJS.ErrnoException);
      return;
    }
    this.child.on('error', (error) => this.onError(error));
    if (this.child.pid === undefined) return; // the 'error' event follows
    this.untrack = trackLiveChild(this.child.pid, options.killTree);
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.collect(this.child.stdout, this.stdout);
    this.collect(this.child.stderr, this.stderr);
    this.feedInput();
    this.armLimits();
  }

  kill(signal: NodeJS.Signals = this.options.killSignal): boolean {
    if (this.exited || this.child === undefined) return false;
    const sent = killProcessGroup(this.child.pid, signal, this.options.killTree);
    if (sent && signal !== 'SIGKILL') this.scheduleForceKill();
    return sent;
  }

  private spawnOptions(): SpawnOptions {
    const stdio: SpawnOptions['stdio'] = this.spec.ipc ? [...this.options.stdio, 'ipc'] : this.options.stdio;
    return {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio,
      detached: this.options.killTree,
      windowsHide: true,
      ...(this.spec.ipc ? { serialization: this.spec.ipc.serialization } : {}),
    };
  }

  private collect(stream: Readable | null, collector: OutputCollector): void {
    if (!stream) return;
    this.openStreams++;
    stream.on('data', (chunk: Buffer) => collector.push(chunk));
    stream.once('close', () => {
      this.openStreams--;
      if (this.exited && this.openStreams === 0) this.finish();
    });
    stream.on('error', () => {});
  }

  private feedInput(): void {
    const stdin = this.child?.stdin;
    if (!stdin) return;
    // A child that exits without reading its input raises EPIPE: never crash the parent.
    stdin.on('error', () => {});
    if (this.options.input !== undefined) stdin.end(this.options.input);
    else if (this.spec.closeStdin) stdin.end();
  }

  private armLimits(): void {
    if (this.options.timeout !== undefined) {
      this.timers.push(setTimeout(() => this.terminate('timeout'), this.options.timeout));
    }
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** saferun ends the run: the first reason wins and is recorded once. */
  private terminate(reason: 'timeout' | 'aborted' | 'output-limit'): void {
    if (this.exited || this.ending.reason !== undefined) return;
    this.ending.reason = reason;
    this.kill(this.options.killSignal);
  }

  private scheduleForceKill(): void {
    const { forceKillAfter } = this.options;
    if (forceKillAfter === false) return;
    const timer = setTimeout(() => killProcessGroup(this.child?.pid, 'SIGKILL', this.options.killTree), forceKillAfter);
    timer.unref();
    this.timers.push(timer);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.ending.exitCode = code;
    this.ending.signal = signal;
    this.untrack?.();
    // We were killing this tree: whatever of it outlived the child goes too.
    if (this.ending.reason !== undefined && this.options.killTree) {
      killProcessGroup(this.child?.pid, 'SIGKILL', true);
    }
    if (this.openStreams === 0) {
      this.finish();
      return;
    }
    // A grandchild may hold the pipes open: drain for a bounded time, then let go.
    const timer = setTimeout(() => this.finish(), this.options.drainTimeout);
    this.timers.push(timer);
  }

  private onError(error: NodeJS.ErrnoException): void {
    if (this.child?.pid === undefined) this.failToStart(error);
  }

  private failToStart(error: NodeJS.ErrnoException): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimers();
    const runError = describeSpawnError(error, this.spec.file, this.options.cwd);
    this.settle(
      makeNotStartedResult('spawn-error', runError, this.spec.command, emptyOutput(this.options.encoding) as Output),
    );
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimers();
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.stdout.end();
    this.stderr.end();
    const { encoding, stripFinalNewline } = this.options;
    const output = {
      stdout: finishOutput(this.stdout.toBuffer(), encoding, stripFinalNewline) as Output,
      stderr: finishOutput(this.stderr.toBuffer(), encoding, stripFinalNewline) as Output,
    };
    const durationMs = performance.now() - this.startedAt;
    this.settle(makeResult(this.ending, output, { command: this.spec.command, pid: this.child?.pid, durationMs }));
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}
