import { invalidField, InvalidJobError } from './invalid-job-error.js';
import type { JobTest, JobChecker, JudgeJob, JudgeJobData } from './types.js';

const MAX_SOURCE_BYTES = 1 << 20;
const NAMED_CHECKERS = new Set(['tokens', 'exact', 'lines']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateLimit(job: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = job[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
    throw invalidField(name, `a positive integer up to ${max}`, value);
  }
  return value;
}

function validateSource(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidField('source', 'a non-empty string (the program text)', value);
  if (Buffer.byteLength(value) > MAX_SOURCE_BYTES) {
    throw new InvalidJobError(
      `Expected \`source\` to be at most ${MAX_SOURCE_BYTES} bytes, got ${Buffer.byteLength(value)} bytes`,
    );
  }
  return value;
}

function validateTest(value: unknown, index: number): JobTest {
  const name = `tests[${index}]`;
  if (!isPlainObject(value)) throw invalidField(name, 'an object `{ name?, input, expected }`', value);
  if (typeof value.input !== 'string') throw invalidField(`${name}.input`, 'a string', value.input);
  if (typeof value.expected !== 'string') throw invalidField(`${name}.expected`, 'a string', value.expected);
  if (value.name !== undefined && (typeof value.name !== 'string' || value.name === '')) {
    throw invalidField(`${name}.name`, 'a non-empty string', value.name);
  }
  return { name: value.name ?? String(index + 1), input: value.input, expected: value.expected };
}

function validateTests(value: unknown): JobTest[] | string {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length > 0) return value.map(validateTest);
  throw invalidField('tests', 'a non-empty array of `{ name?, input, expected }` or a directory path', value);
}

function validateChecker(value: unknown): JobChecker {
  if (value === undefined) return 'tokens';
  if (typeof value === 'string' && NAMED_CHECKERS.has(value)) return value as JobChecker;
  if (isPlainObject(value) && typeof value.float === 'number' && value.float >= 0 && Number.isFinite(value.float))
    return { float: value.float };
  if (isPlainObject(value) && typeof value.testlib === 'string' && value.testlib !== '')
    return { testlib: value.testlib };
  throw invalidField('checker', "'tokens', 'exact', 'lines', `{ float: eps }` or `{ testlib: path }`", value);
}

function validateFlags(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((flag) => typeof flag === 'string')) return [...value];
  throw invalidField('flags', 'an array of strings', value);
}

function validateOptionalString(job: Record<string, unknown>, name: string): string | undefined {
  const value = job[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidField(name, 'a non-empty string', value);
  return value;
}

/** Checks a job before it reaches Redis; throws `InvalidJobError` naming the bad field. */
export function validateJob(rawJob: unknown): JudgeJobData {
  if (!isPlainObject(rawJob)) throw invalidField('job', 'an object', rawJob);
  if (rawJob.language !== undefined && rawJob.language !== 'cpp')
    throw invalidField('language', "'cpp'", rawJob.language);
  for (const name of ['stopOnFirstFailure', 'progress']) {
    if (rawJob[name] !== undefined && typeof rawJob[name] !== 'boolean')
      throw invalidField(name, 'a boolean', rawJob[name]);
  }
  const std = validateOptionalString(rawJob, 'std');
  return {
    source: validateSource(rawJob.source),
    language: 'cpp',
    ...(std === undefined ? {} : { std }),
    flags: validateFlags(rawJob.flags),
    tests: validateTests(rawJob.tests),
    timeLimitMs: validateLimit(rawJob, 'timeLimitMs', 1000, 600_000),
    memoryLimitMb: validateLimit(rawJob, 'memoryLimitMb', 256, 65_536),
    outputLimitMb: validateLimit(rawJob, 'outputLimitMb', 64, 4096),
    checker: validateChecker(rawJob.checker),
    stopOnFirstFailure: (rawJob.stopOnFirstFailure as boolean | undefined) ?? true,
    progress: (rawJob.progress as boolean | undefined) ?? true,
  };
}

/** The BullMQ options a job may carry: its own id, and a priority. */
export function validateJobOptions(rawJob: JudgeJob): { jobId?: string; priority?: number } {
  const id = (rawJob as unknown as Record<string, unknown>).id;
  const priority = (rawJob as unknown as Record<string, unknown>).priority;
  if (id !== undefined && (typeof id !== 'string' || id === '' || /^\d+$/.test(id) || id.includes(':'))) {
    throw invalidField('id', 'a non-empty string, not only digits and without `:`', id);
  }
  if (
    priority !== undefined &&
    (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 2_097_152)
  ) {
    throw invalidField('priority', 'an integer from 0 to 2097152', priority);
  }
  return {
    ...(id === undefined ? {} : { jobId: id }),
    ...(priority ? { priority } : {}),
  };
}
