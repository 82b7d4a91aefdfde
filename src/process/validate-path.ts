import { fileURLToPath } from 'node:url';
import { invalidOption } from './invalid-option.js';

/** A path option: a non-empty string or a `file:` URL. */
export function validatePath(name: string, value: unknown): string {
  if (value instanceof URL && value.protocol === 'file:') return fileURLToPath(value);
  if (typeof value === 'string' && value !== '') return value;
  throw invalidOption(name, 'a non-empty string or file URL', value);
}
