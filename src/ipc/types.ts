import type * as dgram from 'node:dgram';
import type * as net from 'node:net';

/** What went wrong with a message, a request or the pool, in words a log can show. */
export interface IpcError {
  /** `ERR_IPC_CHANNEL_CLOSED`, `ERR_IPC_NOT_SERIALIZABLE`, `ERR_IPC_TOO_LARGE`, `ETIMEDOUT`, ... */
  code: string;
  message: string;
}

/** Why a message could not be sent. */
export type SendFailureKind = 'channel-closed' | 'not-serializable' | 'too-large' | 'invalid-handle' | 'write-error';

/** The outcome of `send()`: resolved once the message is written, never rejected. */
export type SendResult = { ok: true; kind: 'sent' } | { ok: false; kind: SendFailureKind; error: IpcError };

/** Why a request got no answer (besides a failed send). */
export type RequestFailureKind =
  SendFailureKind | 'timeout' | 'disconnected' | 'handler-error' | 'pool-closed' | 'no-worker' | 'invalid-options';

/** The outcome of `request()`: the answer, or why there is none. Never rejected, never left hanging. */
export type RequestResult<T = unknown> =
  { ok: true; kind: 'ok'; value: T } | { ok: false; kind: RequestFailureKind; error: IpcError };

/** What `send(message, handle)` can pass to the other process. */
export type SendableHandle = net.Server | net.Socket | dgram.Socket;

/** Serialization of the IPC channel: `'advanced'` also carries Map, Set, Date, typed arrays, BigInt, cycles. */
export type Serialization = 'json' | 'advanced';

export interface RequestOptions {
  /** Milliseconds to wait for the answer before resolving with kind `timeout`. @default undefined (none) */
  timeout?: number;
}

/** Answers requests from the other side; what it returns (or resolves to) is the answer. */
export type RequestHandler<Req, Res> = (payload: Req) => Res | Promise<Res>;

/** Options shared by both ends of a channel. */
export interface ChannelOptions {
  /** Largest serialized message `send()` and `request()` accept, in bytes. @default 4194304 (4 MiB) */
  maxMessageBytes?: number;
}
