import type { Readable, Writable } from 'node:stream';
import type { StdioValue } from './types.js';
import { invalidOption } from './invalid-option.js';
import { validatePath } from './validate-path.js';

/** One of the child's three streams after validation. */
export type StdioTarget =
  StdioValue | { fd: number } | { file: string; append: boolean } | { readable: Readable } | { writable: Writable };

export type StdioTargets = [StdioTarget, StdioTarget, StdioTarget];

const STDIO_VALUES: readonly StdioValue[] = ['pipe', 'inherit', 'ignore'];
const NAMES = ['stdin', 'stdout', 'stderr'] as const;

function isStdioValue(value: unknown): value is StdioValue {
  return STDIO_VALUES.includes(value as StdioValue);
}

function validateStdioShorthand(value: unknown): [StdioValue, StdioValue, StdioValue] {
  if (value === undefined) return ['pipe', 'pipe', 'pipe'];
  if (isStdioValue(value)) return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every(isStdioValue)) {
    return value as [StdioValue, StdioValue, StdioValue];
  }
  throw invalidOption('stdio', "'pipe', 'inherit', 'ignore' or an array of three of them", value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Duck-typed, so that streams of other libraries (and `process.stdout`) work too.
function isReadableStream(value: unknown): value is Readable {
  return isObject(value) && typeof value.pipe === 'function' && typeof value.on === 'function';
}

function isWritableStream(value: unknown): value is Writable {
  return isObject(value) && typeof value.write === 'function' && typeof value.on === 'function';
}

function validateFile(name: string, value: Record<string, unknown>, output: boolean): StdioTarget {
  const { file, append, ...rest } = value;
  const shape = output ? '`{ file, append? }`' : '`{ file }`';
  const extra = Object.keys(rest)[0] ?? (!output && append !== undefined ? 'append' : undefined);
  if (extra !== undefined) throw invalidOption(`${name}.${extra}`, `absent (${name} takes ${shape})`, value[extra]);
  if (append !== undefined && typeof append !== 'boolean') throw invalidOption(`${name}.append`, 'a boolean', append);
  return { file: validatePath(`${name}.file`, file), append: append === true };
}

function validateTarget(index: 0 | 1 | 2, value: unknown): StdioTarget {
  const name = NAMES[index];
  const output = index > 0;
  if (isStdioValue(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { fd: value };
  if (isObject(value) && 'file' in value) return validateFile(name, value, output);
  if (!output && isReadableStream(value)) return { readable: value };
  if (output && isWritableStream(value)) return { writable: value };
  const stream = output ? 'a writable stream' : 'a readable stream';
  const file = output ? '`{ file, append? }`' : '`{ file }`';
  throw invalidOption(name, `'pipe', 'inherit', 'ignore', a file descriptor, ${file} or ${stream}`, value);
}

/**
 * The three streams from `stdio` (one value, or one per stream) and `stdin`, `stdout`, `stderr`,
 * which override it; `inputFile` is `stdin: { file }`.
 */
export function validateStdio(raw: Record<string, unknown>): StdioTargets {
  const targets: StdioTargets = validateStdioShorthand(raw.stdio);
  NAMES.forEach((name, index) => {
    if (raw[name] !== undefined) targets[index] = validateTarget(index as 0 | 1 | 2, raw[name]);
  });
  if (raw.inputFile !== undefined) {
    if (raw.input !== undefined) throw invalidOption('inputFile', 'absent when `input` is given', raw.inputFile);
    if (raw.stdin !== undefined) throw invalidOption('inputFile', 'absent when `stdin` is given', raw.inputFile);
    targets[0] = { file: validatePath('inputFile', raw.inputFile), append: false };
  }
  if (raw.input !== undefined && targets[0] !== 'pipe') {
    throw invalidOption('stdin', "'pipe' when `input` is given", raw.stdin ?? raw.stdio);
  }
  return targets;
}
