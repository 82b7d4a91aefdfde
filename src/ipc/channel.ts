import { EventEmitter } from 'node:events';
import { isEnvelope, makeAnswer, makeFailedAnswer, makeRequest, type Envelope } from './envelope.js';
import { MessageStream } from './message-stream.js';
import { checkRequestTimeout, failed, PendingRequests } from './pending-requests.js';
import { channelClosed, checkHandle, sendOver, writeMessage, type Endpoint } from './send-message.js';
import type {
  RequestHandler,
  RequestOptions,
  RequestResult,
  SendableHandle,
  SendResult,
  Serialization,
} from './types.js';

/** The `type` field of a message union, when it has one: `once('ready')` narrows to that member. */
export type MessageType<M> = M extends { type: infer T } ? T : never;

/**
 * One end of a typed IPC channel, shared by the parent's `fork()` handle and the child's
 * `parentChannel()`. `Out`/`In` type the plain messages; `Req`/`Res` type the request protocol
 * (`request()` on one side, `handle()` on the other).
 */
export class Channel<Out = unknown, In = unknown, Req = unknown, Res = unknown> {
  protected readonly events = new EventEmitter();
  /** saferun's control messages (`ready`, `listen`, `stop`, ...), for the pool. */
  protected readonly control = new EventEmitter();
  private readonly pending = new PendingRequests();
  private readonly streams = new Set<MessageStream<In>>();
  private readonly queued: { id: number; payload: Req }[] = [];
  private handler: RequestHandler<Req, Res> | undefined;
  private handlingCount = 0;
  private closed = false;

  constructor(
    protected readonly endpoint: Endpoint,
    readonly serialization: Serialization,
    readonly maxMessageBytes: number,
  ) {
    this.events.setMaxListeners(0);
    endpoint.on('message', this.onMessage);
    endpoint.on('disconnect', this.onDisconnect);
    if (!endpoint.connected) this.closed = true;
  }

  /** The channel can still carry messages. */
  get connected(): boolean {
    return !this.closed && this.endpoint.connected;
  }

  /** Requests received and not answered yet. */
  get handling(): number {
    return this.handlingCount;
  }

  /** Resolves once the message is written; a clear failure when it cannot be. Never rejects. */
  send(message: Out, handle?: SendableHandle): Promise<SendResult> {
    if (this.closed) return Promise.resolve(channelClosed());
    const refused = handle === undefined ? undefined : checkHandle(handle);
    if (refused) return Promise.resolve(refused);
    return sendOver(this.endpoint, message, handle, this.serialization, this.maxMessageBytes);
  }

  /** @internal saferun's own protocol: a control message, maybe with a raw handle. */
  sendControl(envelope: Envelope, handle?: unknown): Promise<SendResult> {
    if (this.closed) return Promise.resolve(channelClosed());
    return sendOver(this.endpoint, envelope, handle, this.serialization, this.maxMessageBytes);
  }

  /** @internal listens to saferun's control messages (`ready`, `listening`, ...). */
  onControl(type: Envelope['$saferun'] | 'idle', listener: (envelope: Envelope, handle: unknown) => void): this {
    this.control.on(type, listener);
    return this;
  }

  /** Sends `payload` to the other side's `handle()` and resolves with its answer, or why there is none. */
  request(payload: Req, options?: RequestOptions): Promise<RequestResult<Res>> {
    const refused = checkRequestTimeout(options?.timeout);
    if (refused) return Promise.resolve(refused);
    if (!this.connected) return Promise.resolve(channelClosed() as RequestResult<Res>);
    const { id, answer } = this.pending.open<Res>(options?.timeout);
    writeMessage(
      this.endpoint,
      makeRequest(id, payload),
      undefined,
      this.serialization,
      this.maxMessageBytes,
      (sent) => {
        if (!sent.ok) this.pending.settle(id, sent);
      },
    );
    return answer;
  }

  /** Answers the other side's requests; requests that arrived before it are answered now. */
  handle(handler: RequestHandler<Req, Res>): this {
    this.handler = handler;
    for (const { id, payload } of this.queued.splice(0)) this.answer(id, payload);
    return this;
  }

  /** Every plain message from now on, until the channel closes. */
  messages(): AsyncIterableIterator<In> {
    const stream = new MessageStream<In>((ended) => this.streams.delete(ended));
    if (this.closed) stream.end();
    else this.streams.add(stream);
    return stream;
  }

  /** The next message (of this `type`, if given); undefined when the channel closes first. */
  once<T extends MessageType<In>>(type: T): Promise<Extract<In, { type: T }> | undefined>;
  once(): Promise<In | undefined>;
  once(type?: unknown): Promise<In | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onMessage = (message: In) => {
        if (type !== undefined && (message as { type?: unknown } | null)?.type !== type) return;
        done(message);
      };
      const done = (message: In | undefined) => {
        this.events.off('message', onMessage);
        this.events.off('disconnect', onClose);
        resolve(message);
      };
      const onClose = () => done(undefined);
      this.events.on('message', onMessage);
      this.events.on('disconnect', onClose);
    });
  }

  on(event: 'message', listener: (message: In, handle: unknown) => void): this;
  on(event: 'disconnect', listener: () => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: it must accept listeners of any parameters
  on(event: string, listener: (...args: any[]) => void): this {
    this.events.on(event, listener);
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: it must accept listeners of any parameters
  off(event: string, listener: (...args: any[]) => void): this {
    this.events.off(event, listener);
    return this;
  }

  /** Closes the channel; the other side sees `disconnect`. */
  disconnect(): void {
    if (this.endpoint.connected) this.endpoint.disconnect?.();
  }

  /** Explains, in a request's failure, why the other side went away. */
  protected describeDisconnect(id: number): string {
    return `The IPC channel closed before request ${id} was answered`;
  }

  /** Ends everything that waits on the channel: pending requests, iterators, `once()`. */
  protected closeChannel(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.settleAll((id) => failed('disconnected', 'ERR_IPC_DISCONNECTED', this.describeDisconnect(id)));
    for (const stream of [...this.streams]) stream.end();
    this.endpoint.off('message', this.onMessage);
    this.events.emit('disconnect');
  }

  private readonly onDisconnect = (): void => this.closeChannel();

  private readonly onMessage = (message: unknown, handle: unknown): void => {
    if (isEnvelope(message)) {
      this.onEnvelope(message, handle);
      return;
    }
    this.events.emit('message', message, handle);
    for (const stream of this.streams) stream.push(message as In);
  };

  private onEnvelope(envelope: Envelope, handle: unknown): void {
    if (envelope.$saferun === 'res') {
      this.pending.settle(
        envelope.id,
        envelope.ok
          ? { ok: true, kind: 'ok', value: envelope.value }
          : failed('handler-error', envelope.error.code, envelope.error.message),
      );
    } else if (envelope.$saferun === 'req') {
      if (this.handler) this.answer(envelope.id, envelope.payload as Req);
      else this.queued.push({ id: envelope.id, payload: envelope.payload as Req });
    } else {
      this.control.emit(envelope.$saferun, envelope, handle);
    }
  }

  // Callbacks rather than async/await: this is the hot path of every request.
  private answer(id: number, payload: Req): void {
    this.handlingCount++;
    let value: Res | Promise<Res>;
    try {
      value = this.handler!(payload);
    } catch (error) {
      this.reply(id, makeFailedAnswer(id, describeThrown(error)));
      return;
    }
    if (isThenable(value)) {
      value.then(
        (resolved) => this.reply(id, makeAnswer(id, resolved)),
        (error: unknown) => this.reply(id, makeFailedAnswer(id, describeThrown(error))),
      );
    } else {
      this.reply(id, makeAnswer(id, value));
    }
  }

  private reply(id: number, envelope: Envelope): void {
    const { endpoint, serialization, maxMessageBytes } = this;
    writeMessage(endpoint, envelope, undefined, serialization, maxMessageBytes, (sent) => {
      // An answer that cannot be sent still answers: the requester learns why.
      if (sent.ok || sent.kind === 'channel-closed') {
        this.finishAnswer();
        return;
      }
      writeMessage(endpoint, makeFailedAnswer(id, sent.error), undefined, serialization, maxMessageBytes, () =>
        this.finishAnswer(),
      );
    });
  }

  private finishAnswer(): void {
    this.handlingCount--;
    if (this.handlingCount === 0) this.control.emit('idle');
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function describeThrown(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : 'ERR_HANDLER',
    message: error instanceof Error ? error.message : String(error),
  };
}
