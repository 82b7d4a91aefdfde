import type { IpcError } from './types.js';

// saferun's own messages ride on the same channel as the user's, marked by this key.
const TAG = '$saferun';

export type Envelope =
  | { $saferun: 'req'; id: number; payload: unknown }
  | { $saferun: 'res'; id: number; ok: true; value: unknown }
  | { $saferun: 'res'; id: number; ok: false; error: IpcError }
  | { $saferun: 'ready'; pid: number }
  | { $saferun: 'listen' }
  | { $saferun: 'listening'; ok: boolean; error?: IpcError }
  | { $saferun: 'stop' };

/** True for saferun's control messages, which never reach the user's `'message'` listeners. */
export function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null && TAG in message;
}

export function makeRequest(id: number, payload: unknown): Envelope {
  return { $saferun: 'req', id, payload };
}

export function makeAnswer(id: number, value: unknown): Envelope {
  return { $saferun: 'res', id, ok: true, value };
}

export function makeFailedAnswer(id: number, error: IpcError): Envelope {
  return { $saferun: 'res', id, ok: false, error };
}
