// The validation kernel every area shares: one way to show a value, one error type, one wording
// for ranges, units for durations and sizes, one bounded-concurrency helper.
export { describeChoices, describeValue } from './describe-value.js';
export { invalidValue, SaferunError, type SaferunErrorCode } from './saferun-error.js';
export { describeIntegerRange, isIntegerIn, MAX_TIMER_MS } from './numbers.js';
export { formatDuration, formatSize, parseDuration, parseSize } from './units.js';
export { mapBounded } from './map-bounded.js';
export { saysOutOfMemory } from './out-of-memory.js';
export { makeDirectory } from './make-directory.js';
export { findAbandonedEntries } from './abandoned-entries.js';
export { readRegularFile } from './read-regular-file.js';
export { hashText } from './hash-text.js';
