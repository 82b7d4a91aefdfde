import type { ChildProcess, SpawnOptions, StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import crossSpawn from 'cross-spawn';
import { guardLineCallback } from './guard-callback.js';
import { killTreeNow, markEnvironment, newTreeMark, signalTree, treeStrategy, type ProcessTree } from './kill-tree.js';
import { trackLiveRun } from './live-children.js';
import { describeSpawnError, makeNotStartedResult, makeResult, emptyOutput, type Ending } from './make-result.js';
import { openStdio } from './open-stdio.js';
import { finishOutput, OutputCollector } from './output-collector.js';
import { pipeIntoStdin } from './pipe-into-stdin.js';
import type { Result, RunError } from './types.js';
import type { NormalizedOptions } from './validate-options.js';
import type { StdioTarget } from './validate-stdio.js';
import { logStart } from './verbose-log.js';

/** What to start: resolved argv plus how the API call wants it handled. */
export interface LaunchSpec {
  file: string;
  args: string[];
  command: string;
  /** run/exec/execFile close stdin at once when there is no input; live handles keep it open. */
  closeStdin: boolean;
  ipc?: { serialization: 'json' | 'advanced' };
}

type SaferunReason = 'timeout' | 'aborted' | 'output-limit';

/** The limits a message names: a run's own, or those of the pipeline stage that tripped. */
type Limits = Pick<NormalizedOptions, 'timeout' | 'maxBuffer'>;

/** One started child, from spawn to its Result. */
export class ActiveRun {
  readonly child: ChildProcess | undefined;
  /** The runs of the pipeline this one belongs to: a timeout, abort or output limit in one ends them all. */
  pipeline: Set<ActiveRun> | undefined;
  private readonly startedAt = performance.now();
  private readonly stdout: OutputCollector;
  private readonly stderr: OutputCollector;
  private readonly all: OutputCollector | undefined;
  private readonly ending: Ending = { reason: undefined, exitCode: null, signal: null };
  private readonly tree: ProcessTree;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly exitListeners: (() => void)[] = [];
  private openStreams = 0;
  private exited = false;
  private settled = false;
  private stdinClaimed = false;
  private limits: Limits;
  private untrack: (() => void) | undefined;
  private readonly logEnd: ((result: Result<unknown>) => void) | undefined;
  private readonly onAbort = () => this.terminate('aborted');

  constructor(
    private readonly spec: LaunchSpec,
    private readonly options: NormalizedOptions,
    private readonly settle: (result: Result<unknown>) => void,
  ) {
    const { command } = spec;
    this.limits = options;
    this.logEnd = options.verbose ? logStart(command) : undefined;
    // `all` keeps what each stream kept, so it is bounded by both limits together.
    this.all = options.all ? new OutputCollector(options.maxBuffer * 2, () => undefined) : undefined;
    const overflow = () => this.terminate('output-limit');
    const onStdout = guardLineCallback('onStdout', options.onStdout, command);
    const onStderr = guardLineCallback('onStderr', options.onStderr, command);
    this.stdout = new OutputCollector(options.maxBuffer, overflow, onStdout, this.all);
    this.stderr = new OutputCollector(options.maxBuffer, overflow, onStderr, this.all);
    this.tree = { strategy: treeStrategy(options.killTree), mark: newTreeMark(), rootPid: undefined, pgid: undefined };
    this.child = this.start();
    if (this.child?.pid === undefined) return; // failed to start, or the 'error' event follows
    this.tree.rootPid = this.child.pid;
    if (this.tree.strategy === 'group') this.tree.pgid = this.child.pid;
    if (options.cleanup) {
      const { killSignal, forceKillAfter } = options;
      this.untrack = trackLiveRun({ tree: this.tree, killSignal, forceKillAfter });
    }
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.collect(this.child.stdout, this.stdout, options.stdio[1]);
    this.collect(this.child.stderr, this.stderr, options.stdio[2]);
    this.feedInput();
    this.armLimits();
  }

  /** Signals the child's tree (or the child alone with `killTree: false`); escalates to SIGKILL. */
  kill(signal: NodeJS.Signals = this.options.killSignal): boolean {
    if (this.exited || this.child === undefined) return false;
    const sent = signalTree(this.tree, signal);
    if (sent && signal !== 'SIGKILL') this.scheduleForceKill();
    return sent;
  }

  /** saferun ends the run: the first reason wins and is recorded once, and ends the whole pipeline. */
  terminate(reason: SaferunReason, limits: Limits = this.options): void {
    if (this.exited || this.ending.reason !== undefined) return;
    this.ending.reason = reason;
    this.limits = limits;
    this.kill(this.options.killSignal);
    for (const run of this.pipeline ?? []) if (run !== this) run.terminateAsPipelineStage(reason, limits);
  }

  /** Takes the stdin pipe for the previous command of a pipeline; undefined when it is not free. */
  claimStdin(): Writable | undefined {
    const stdin = this.child?.stdin;
    if (!stdin || this.stdinClaimed || stdin.writableEnded) return undefined;
    this.stdinClaimed = true;
    return stdin;
  }

  hasPipedStdout(): boolean {
    return this.child?.stdout != null && this.options.stdio[1] === 'pipe';
  }

  /** Hands the stdout pipe to the next command of a pipeline: from now on it is not kept here. */
  releaseStdout(): { stream: Readable; kept: Buffer } | undefined {
    const stream = this.child?.stdout;
    if (!stream || !this.hasPipedStdout()) return undefined;
    this.stdout.stop();
    return { stream, kept: this.stdout.toBuffer() };
  }

  isRunning(): boolean {
    return !this.exited && this.child?.pid !== undefined;
  }

  onceExited(listener: () => void): void {
    if (this.exited || this.child?.pid === undefined) listener();
    else this.exitListeners.push(listener);
  }

  private terminateAsPipelineStage(reason: SaferunReason, limits: Limits): void {
    // A stage that already exited may have left processes behind (holding a pipe): they go too.
    if (this.exited) killTreeNow(this.tree);
    else this.terminate(reason, limits);
  }

  private start(): ChildProcess | undefined {
    const opened = openStdio(this.options.stdio);
    if ('code' in opened) {
      this.failToStart(opened);
      return undefined;
    }
    try {
      const child = crossSpawn(this.spec.file, this.spec.args, this.spawnOptions(opened.stdio));
      child.on('error', (error) => this.onError(child, error));
      return child;
    } catch (error) {
      this.failToStart(describeSpawnError(error as NodeJS.ErrnoException, this.spec.file, this.options.cwd));
      return undefined;
    } finally {
      // The child has its own copies of the descriptors by now.
      opened.close();
    }
  }

  private spawnOptions(stdio: Exclude<StdioOptions, string>): SpawnOptions {
    const { tree, options, spec } = this;
    return {
      cwd: options.cwd,
      env: tree.strategy === 'proc' ? markEnvironment(options.env, tree.mark) : options.env,
      stdio: spec.ipc ? [...stdio, 'ipc'] : stdio,
      // A new session only when asked for, or where there is no /proc to find the tree with.
      detached: options.detached || tree.strategy === 'group',
      windowsHide: true,
      ...(spec.ipc ? { serialization: spec.ipc.serialization } : {}),
    };
  }

  private collect(stream: Readable | null, collector: OutputCollector, target: StdioTarget): void {
    if (!stream) return;
    this.openStreams++;
    // A stream given as the target gets the output as it comes; the caller owns it, so it stays open.
    if (typeof target === 'object' && 'writable' in target) {
      stream.pipe(target.writable, { end: false });
      collector.stop();
      // Their stream failed or closed: stop reading, so that the child's next write fails (EPIPE)
      // instead of blocking forever, as when a reader exits in a shell.
      const cut = () => stream.destroy();
      target.writable.once('close', cut);
      stream.once('close', () => target.writable.off('close', cut));
    }
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
    const target = this.options.stdio[0];
    if (typeof target === 'object' && 'readable' in target) {
      this.stdinClaimed = true;
      pipeIntoStdin(target.readable, stdin);
    } else if (this.options.input !== undefined) {
      this.stdinClaimed = true;
      stdin.end(this.options.input);
    } else if (this.spec.closeStdin) {
      // Not at once: `run(a).pipe(run(b))` hands b's stdin to a in the same tick.
      queueMicrotask(() => {
        if (!this.stdinClaimed) stdin.end();
      });
    }
  }

  private armLimits(): void {
    if (this.options.timeout !== undefined) {
      this.timers.push(setTimeout(() => this.terminate('timeout'), this.options.timeout));
    }
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private scheduleForceKill(): void {
    const { forceKillAfter } = this.options;
    if (forceKillAfter === false) return;
    const timer = setTimeout(() => killTreeNow(this.tree), forceKillAfter);
    timer.unref();
    this.timers.push(timer);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.ending.exitCode = code;
    this.ending.signal = signal;
    // Reaped: the pid may be reused from now on, so the tree is found by its mark alone.
    this.tree.rootPid = undefined;
    this.untrack?.();
    for (const listener of this.exitListeners.splice(0)) listener();
    // We were killing this tree: whatever of it outlived the child goes too.
    if (this.ending.reason !== undefined && this.tree.strategy !== 'child') killTreeNow(this.tree);
    if (this.openStreams === 0) {
      this.finish();
      return;
    }
    // A grandchild may hold the pipes open: drain for a bounded time, then let go.
    this.timers.push(setTimeout(() => this.finish(), this.options.drainTimeout));
  }

  private onError(child: ChildProcess, error: NodeJS.ErrnoException): void {
    if (child.pid === undefined) this.failToStart(describeSpawnError(error, this.spec.file, this.options.cwd));
  }

  private failToStart(runError: RunError): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimers();
    for (const listener of this.exitListeners.splice(0)) listener();
    const empty = emptyOutput(this.options.encoding);
    this.report(makeNotStartedResult('spawn-error', runError, this.spec.command, empty));
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
    const { timeout, maxBuffer } = this.limits;
    const decode = (collector: OutputCollector | undefined) =>
      collector && finishOutput(collector.toBuffer(), encoding, stripFinalNewline);
    const output = { stdout: decode(this.stdout)!, stderr: decode(this.stderr)!, all: decode(this.all) };
    const durationMs = performance.now() - this.startedAt;
    const meta = { command: this.spec.command, pid: this.child?.pid, durationMs, timeoutMs: timeout, maxBuffer };
    this.report(makeResult(this.ending, output, meta));
  }

  private report(result: Result<unknown>): void {
    this.logEnd?.(result);
    this.settle(result);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}
