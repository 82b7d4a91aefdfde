import type * as net from 'node:net';
import { Channel } from './channel.js';
import type { Envelope } from './envelope.js';
import { SERIALIZATION_ENV } from './fork.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './measure-message.js';
import type { Endpoint } from './send-message.js';
import type { ChannelOptions, Serialization } from './types.js';

type StopHook = () => unknown;

function readSerialization(): Serialization {
  return process.env[SERIALIZATION_ENV] === 'advanced' ? 'advanced' : 'json';
}

/**
 * The child's end of the channel its parent opened with `fork()`: typed send, messages and
 * request handling, plus the pool's protocol (`shareServer`, graceful stop).
 */
export class ParentChannel<ToParent = unknown, FromParent = unknown, Req = unknown, Res = unknown> extends Channel<
  ToParent,
  FromParent,
  Req,
  Res
> {
  private sharedHandle: unknown;
  private server: net.Server | undefined;
  private readonly stopHooks: StopHook[] = [];
  private stopping = false;

  constructor(options: ChannelOptions = {}) {
    super(process as unknown as Endpoint, readSerialization(), options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    this.control.on('listen', (_envelope: Envelope, handle: unknown) => this.onListen(handle));
    this.control.on('stop', () => void this.stop());
    // After the module's own set-up code has run: the parent may start sending then.
    if (this.connected) setImmediate(() => void this.sendControl({ $saferun: 'ready', pid: process.pid }));
  }

  /**
   * Serves `server` on the pool's shared listening socket once the parent passes it (at once if
   * it already has), and closes it gracefully when the pool closes.
   * @example
   * parentChannel().shareServer(http.createServer((req, res) => res.end('hello')));
   */
  shareServer(server: net.Server): this {
    this.server = server;
    if (this.sharedHandle !== undefined) this.listenOn(this.sharedHandle);
    return this;
  }

  /** Runs when the pool closes, after the shared server closed and every request was answered. */
  onStop(hook: StopHook): this {
    this.stopHooks.push(hook);
    return this;
  }

  /**
   * Closes the channel to the parent. Deferred by a turn: Node 20 crashes when the channel closes
   * while it is still replaying messages that arrived before the first listener.
   */
  override disconnect(): void {
    setImmediate(() => super.disconnect());
  }

  /** Lets the process exit even while the channel is open. */
  unref(): void {
    (process as unknown as { channel?: { unref(): void } }).channel?.unref();
  }

  ref(): void {
    (process as unknown as { channel?: { ref(): void } }).channel?.ref();
  }

  private onListen(handle: unknown): void {
    this.sharedHandle = handle;
    if (this.server) this.listenOn(handle);
  }

  private listenOn(handle: unknown): void {
    const server = this.server!;
    const onError = (error: Error) =>
      void this.sendControl({
        $saferun: 'listening',
        ok: false,
        error: { code: (error as NodeJS.ErrnoException).code ?? 'ERR_LISTEN', message: error.message },
      });
    server.once('error', onError);
    server.listen(handle as net.ListenOptions, () => {
      server.off('error', onError);
      void this.sendControl({ $saferun: 'listening', ok: true });
    });
  }

  private async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.closeServer();
    if (this.handling > 0) await new Promise((resolve) => this.control.once('idle', resolve));
    for (const hook of this.stopHooks) {
      try {
        await hook();
      } catch {
        // A failing clean-up must not keep the worker alive: the parent would have to kill it.
      }
    }
    this.disconnect();
  }

  private closeServer(): Promise<void> {
    // An http.Server has closeIdleConnections; a plain net.Server does not.
    const server: (net.Server & { closeIdleConnections?: () => void }) | undefined = this.server;
    if (!server?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      // HTTP keep-alive connections go idle after their last answer: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections?.(), 50);
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections?.();
    });
  }
}

let instance: ParentChannel | undefined;

/**
 * The channel to the parent that forked this process (one per process: later calls return it).
 * @example
 * import { parentChannel } from 'saferun/ipc';
 * const channel = parentChannel<{ type: 'log'; line: string }, { type: 'config' }, number, number>();
 * channel.handle((n) => n * 2);
 */
export function parentChannel<ToParent = unknown, FromParent = unknown, Req = unknown, Res = unknown>(
  options?: ChannelOptions,
): ParentChannel<ToParent, FromParent, Req, Res> {
  instance ??= new ParentChannel(options);
  return instance as ParentChannel<ToParent, FromParent, Req, Res>;
}
