import { serialize } from 'node:v8';
import type { SendResult, Serialization } from './types.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function notSerializable(detail: string): SendResult {
  return {
    ok: false,
    kind: 'not-serializable',
    error: { code: 'ERR_IPC_NOT_SERIALIZABLE', message: `The message cannot be serialized: ${detail}` },
  };
}

function tooLarge(bytes: number, max: number): SendResult {
  const message = `The message is ${bytes} bytes serialized, more than \`maxMessageBytes\` (${max})`;
  return { ok: false, kind: 'too-large', error: { code: 'ERR_IPC_TOO_LARGE', message } };
}

function measureJson(message: unknown, max: number): SendResult | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    return notSerializable(describeError(error));
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but undefined for undefined, a function or a symbol
  if (text === undefined) return notSerializable(`a ${typeof message} has no JSON form`);
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: only count bytes when it matters.
  if (text.length * 3 <= max) return undefined;
  const bytes = text.length > max ? text.length : Buffer.byteLength(text);
  return bytes > max ? tooLarge(bytes, max) : undefined;
}

function measureAdvanced(message: unknown, max: number): SendResult | undefined {
  let bytes: number;
  try {
    bytes = serialize(message).length;
  } catch (error) {
    return notSerializable(describeError(error));
  }
  return bytes > max ? tooLarge(bytes, max) : undefined;
}

// An upper bound of the serialized size of plain data, in either mode, found without
// serializing: the exact (and slower) check only runs when this cannot vouch for the message.
const UNKNOWN = Number.POSITIVE_INFINITY;
const MAX_DEPTH = 32;

function estimateBytes(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 8;
    case 'number':
    case 'boolean':
      return 26;
    case 'object':
      return value === null ? 8 : estimateObject(value, depth);
    default:
      return UNKNOWN; // bigint, function, symbol, undefined: let the exact check decide
  }
}

function estimateObject(value: object, depth: number): number {
  if (depth > MAX_DEPTH) return UNKNOWN; // maybe a cycle
  let total = 8;
  if (Array.isArray(value)) {
    for (const item of value) total += estimateBytes(item, depth + 1) + 2;
    return total;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return UNKNOWN; // Date, Map, Buffer, class instances...
  for (const key in value) {
    total += key.length * 6 + 8 + estimateBytes((value as Record<string, unknown>)[key], depth + 1);
    if (total === UNKNOWN) return UNKNOWN;
  }
  return total;
}

/**
 * Checks a message before it goes on the channel: Node would throw on a cycle or a BigInt in
 * JSON, or on a function in advanced mode, and would happily write hundreds of MB.
 * Returns the failure, or undefined when the message may be sent.
 */
export function checkMessage(message: unknown, mode: Serialization, max: number): SendResult | undefined {
  if (message === undefined || typeof message === 'function' || typeof message === 'symbol') {
    return notSerializable(`a ${typeof message} cannot be sent`);
  }
  if (estimateBytes(message, 0) <= max) return undefined;
  return mode === 'json' ? measureJson(message, max) : measureAdvanced(message, max);
}
