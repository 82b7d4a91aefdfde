import type { Readable, Writable } from 'node:stream';
import {
  fork as forkProcess,
  refusedSubprocess,
  type Subprocess,
  type ChildProcess,
  type ForkOptions,
  type OutputOf,
  type Result,
} from '../process/index.js';
import { Channel } from './channel.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './measure-message.js';
import type { Endpoint } from './send-message.js';
import type { ChannelOptions, Serialization } from './types.js';

/** Options of the typed `fork`: every option of the core `fork` plus the channel's own. */
export interface IpcForkOptions extends ForkOptions, ChannelOptions {}

/** Tells the child's `parentChannel()` how the channel serializes (Node hides it from the child). */
export const SERIALIZATION_ENV = 'SAFERUN_IPC_SERIALIZATION';

const CLOSED_ENDPOINT: Endpoint = { connected: false, on: () => undefined, off: () => undefined };

type ChildEvents = {
  exit: (code: number | null, signal: NodeJS.Signals | null) => void;
  close: (code: number | null, signal: NodeJS.Signals | null) => void;
  error: (error: Error) => void;
  spawn: () => void;
};
const CHILD_EVENTS = new Set(['exit', 'close', 'error', 'spawn']);

/**
 * A forked Node child: a typed IPC channel (`send`, `request`, `messages`, `once`, `on`) and,
 * awaited, the usual Result. Timeouts, kills and output capture are the core `Subprocess`'s.
 */
export class IpcChild<ToChild = unknown, FromChild = unknown, Req = unknown, Res = unknown, Output = string>
  extends Channel<ToChild, FromChild, Req, Res>
  implements PromiseLike<Result<Output>>
{
  readonly pid: number | undefined;
  /** The raw ChildProcess; undefined when it never started. */
  readonly child: ChildProcess | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;

  constructor(
    readonly subprocess: Subprocess<Output>,
    serialization: Serialization,
    maxMessageBytes: number,
  ) {
    super((subprocess.child as Endpoint | undefined) ?? CLOSED_ENDPOINT, serialization, maxMessageBytes);
    this.child = subprocess.child;
    this.pid = subprocess.pid;
    this.stdin = subprocess.stdin;
    this.stdout = subprocess.stdout;
    this.stderr = subprocess.stderr;
    // However the run ends (even a spawn error, with no 'disconnect'), nothing waits on the channel.
    void subprocess.then(() => this.closeChannel());
  }

  /** Signals the child (its whole group by default), escalating to SIGKILL like `spawn`. */
  kill(signal?: NodeJS.Signals): boolean {
    return this.subprocess.kill(signal);
  }

  /** Lines of stdout (or stderr) as they arrive. */
  lines(stream: 'stdout' | 'stderr' = 'stdout'): AsyncIterableIterator<string> {
    return this.subprocess.lines(stream);
  }

  override on(event: 'message', listener: (message: FromChild, handle: unknown) => void): this;
  override on(event: 'disconnect', listener: () => void): this;
  override on<E extends keyof ChildEvents>(event: E, listener: ChildEvents[E]): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: it must accept listeners of any parameters
  override on(event: string, listener: (...args: any[]) => void): this {
    if (CHILD_EVENTS.has(event)) this.child?.on(event, listener);
    else super.on(event as 'message', listener);
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: it must accept listeners of any parameters
  override off(event: string, listener: (...args: any[]) => void): this {
    if (CHILD_EVENTS.has(event)) this.child?.off(event, listener);
    else super.off(event, listener);
    return this;
  }

  then<A = Result<Output>, B = never>(
    onFulfilled?: ((value: Result<Output>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.subprocess.then(onFulfilled, onRejected);
  }

  protected override describeDisconnect(id: number): string {
    const who = `The child process (pid ${this.pid})`;
    if (this.child?.signalCode) return `${who} was killed by ${this.child.signalCode} before answering request ${id}`;
    if (typeof this.child?.exitCode === 'number')
      return `${who} exited with code ${this.child.exitCode} before answering request ${id}`;
    return `${who} died or closed its IPC channel before answering request ${id}`;
  }
}

function invalidOptions<Output>(modulePath: unknown, message: string, options: unknown): Subprocess<Output> {
  return refusedSubprocess<Output>(String(modulePath), { code: 'ERR_INVALID_OPTION', message }, options);
}

function validateMaxMessageBytes(value: unknown): number | string {
  if (value === undefined) return DEFAULT_MAX_MESSAGE_BYTES;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value, as String() shows it
  return `Expected \`maxMessageBytes\` to be a positive integer, got \`${String(value)}\` (${typeof value})`;
}

function withSerializationEnv(env: unknown, serialization: Serialization): unknown {
  if (env !== undefined && (typeof env !== 'object' || env === null)) return env; // the core reports it
  return { ...env, [SERIALIZATION_ENV]: serialization };
}

/**
 * Starts a Node module with a typed IPC channel. Never throws: bad options give an
 * `invalid-options` Result when awaited, and every send/request resolves with a result.
 * @example
 * const child = fork<{ type: 'ping' }, { type: 'pong' }>('./worker.js');
 * await child.send({ type: 'ping' });
 * const reply = await child.once('pong');
 * child.disconnect();
 * const result = await child; // { ok: true, kind: 'ok', ... }
 */
export function fork<
  ToChild = unknown,
  FromChild = unknown,
  Req = unknown,
  Res = unknown,
  O extends IpcForkOptions = IpcForkOptions,
>(modulePath: string, args?: readonly string[], options?: O): IpcChild<ToChild, FromChild, Req, Res, OutputOf<O>> {
  const { maxMessageBytes: rawMax, ...forkOptions } = (options ?? {}) as IpcForkOptions;
  const serialization = forkOptions.serialization ?? 'json';
  const maxMessageBytes = validateMaxMessageBytes(rawMax);
  if (typeof maxMessageBytes === 'string')
    return new IpcChild(invalidOptions(modulePath, maxMessageBytes, options), serialization, 1);
  const env = withSerializationEnv(forkOptions.env, serialization) as ForkOptions['env'];
  const subprocess = forkProcess(modulePath, args, { ...forkOptions, env }) as unknown as Subprocess<OutputOf<O>>;
  return new IpcChild(subprocess, serialization, maxMessageBytes);
}
