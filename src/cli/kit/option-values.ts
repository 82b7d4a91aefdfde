import { formatDuration, formatSize, parseDuration, parseSize } from '../../shared/index.js';
import { describeIntegerRange } from '../../shared/index.js';
import { UsageError } from './usage-error.js';

export interface Bounds {
  min: number;
  max: number;
}

/** `--time-limit 2s` → 2000. A bare number, a bad unit or a value out of bounds is a UsageError. */
export function durationOption(name: string, raw: string, bounds: Bounds): number {
  const parsed = parseDuration(raw);
  if (!parsed.ok) throw new UsageError(`--${name} needs ${parsed.message}, got '${raw}'`);
  if (parsed.value < bounds.min || parsed.value > bounds.max) {
    throw new UsageError(
      `--${name} must be from ${formatDuration(bounds.min)} to ${formatDuration(bounds.max)}, got '${raw}'`,
    );
  }
  return parsed.value;
}

/** `--memory-limit 256m` → bytes. A bare number, a bad unit or a value out of bounds is a UsageError. */
export function sizeOption(name: string, raw: string, bounds: Bounds): number {
  const parsed = parseSize(raw);
  if (!parsed.ok) throw new UsageError(`--${name} needs ${parsed.message}, got '${raw}'`);
  if (parsed.value < bounds.min || parsed.value > bounds.max) {
    throw new UsageError(`--${name} must be from ${formatSize(bounds.min)} to ${formatSize(bounds.max)}, got '${raw}'`);
  }
  return parsed.value;
}

/** `--jobs 4` → 4; digits only, within bounds. */
export function integerOption(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`--${name} needs ${describeIntegerRange(min, max)}, got '${raw}'`);
  }
  return value;
}

/** `--sandbox bwrap` → 'bwrap', one of a closed list. */
export function choiceOption<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const listed = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}` : choices[0]!;
  throw new UsageError(`--${name} needs ${listed}, got '${raw}'`);
}
