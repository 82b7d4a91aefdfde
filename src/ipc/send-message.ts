import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { checkMessage } from './measure-message.js';
import type { SendResult, Serialization } from './types.js';

/** Either end of a Node IPC channel: a ChildProcess in the parent, `process` in the child. */
export interface Endpoint {
  readonly connected: boolean;
  send?: (
    message: unknown,
    handle: unknown,
    options: object | undefined,
    callback: (error: Error | null) => void,
  ) => boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: both `process` and a ChildProcess must fit
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's listener type: both `process` and a ChildProcess must fit
  off(event: string, listener: (...args: any[]) => void): unknown;
  disconnect?: () => void;
}

const SENT: SendResult = { ok: true, kind: 'sent' };

export function channelClosed(detail = 'The IPC channel is closed'): SendResult {
  return { ok: false, kind: 'channel-closed', error: { code: 'ERR_IPC_CHANNEL_CLOSED', message: detail } };
}

function invalidHandle(message: string): SendResult {
  return { ok: false, kind: 'invalid-handle', error: { code: 'ERR_INVALID_HANDLE_TYPE', message } };
}

function isBound(socket: dgram.Socket): boolean {
  try {
    socket.address();
    return true;
  } catch {
    return false;
  }
}

/** Only live sockets and listening servers have a descriptor to pass. */
export function checkHandle(handle: unknown): SendResult | undefined {
  if (handle instanceof net.Server)
    return handle.listening ? undefined : invalidHandle('The net.Server is not listening');
  if (handle instanceof net.Socket) return handle.destroyed ? invalidHandle('The net.Socket is destroyed') : undefined;
  if (handle instanceof dgram.Socket)
    return isBound(handle) ? undefined : invalidHandle('The dgram.Socket is not bound');
  return invalidHandle('Expected `handle` to be a net.Server, a net.Socket or a dgram.Socket');
}

function describeFailure(error: unknown): SendResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'ERR_IPC_WRITE';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_IPC_CHANNEL_CLOSED' || code === 'ERR_IPC_DISCONNECTED' || code === 'EPIPE')
    return channelClosed(message);
  if (code === 'ERR_INVALID_HANDLE_TYPE') return invalidHandle(message);
  return { ok: false, kind: 'write-error', error: { code, message } };
}

/** Writes one message (and maybe an already checked handle); calls `done` once, when written or refused. */
export function writeMessage(
  endpoint: Endpoint,
  message: unknown,
  handle: unknown,
  mode: Serialization,
  maxBytes: number,
  done: (result: SendResult) => void,
): void {
  if (!endpoint.connected || typeof endpoint.send !== 'function') {
    done(channelClosed());
    return;
  }
  const refused = checkMessage(message, mode, maxBytes);
  if (refused) {
    done(refused);
    return;
  }
  try {
    endpoint.send(message, handle, undefined, (error) => done(error ? describeFailure(error) : SENT));
  } catch (error) {
    done(describeFailure(error));
  }
}

/** `writeMessage` as a promise: resolves once written, never rejects. */
export function sendOver(
  endpoint: Endpoint,
  message: unknown,
  handle: unknown,
  mode: Serialization,
  maxBytes: number,
): Promise<SendResult> {
  return new Promise((resolve) => writeMessage(endpoint, message, handle, mode, maxBytes, resolve));
}
