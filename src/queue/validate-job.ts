import { isKnownStandard } from '../compile/index.js';
import { DEFAULT_CHECKER, LIMIT_RULES, NAMED_CHECKERS, validateLimit } from '../judge/index.js';
import { SaferunError } from '../shared/index.js';
import { invalidField } from './invalid-field.js';
import type { JobTest, JobChecker, JudgeJob, JudgeJobData } from './types.js';
import { checkEntryExtension, validateFiles, validateLanguage, validateMain } from './validate-files.js';
import { validateJobChecker, validateJobPath } from './validate-job-path.js';

const MAX_SOURCE_BYTES = 1 << 20;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A job's limits are the judge's, capped lower: a queue serves many submitters.
const JOB_LIMIT_MAX = { timeLimitMs: 600_000, memoryLimitMb: 65_536, outputLimitMb: 4096 } as const;

function validateJobLimit(job: Record<string, unknown>, name: keyof typeof JOB_LIMIT_MAX): number {
  try {
    return validateLimit(name, job[name], LIMIT_RULES[name].fallback as number, JOB_LIMIT_MAX[name]);
  } catch (error) {
    throw new SaferunError('ERR_INVALID_JOB', (error as Error).message);
  }
}

function jobLimit(
  job: Record<string, unknown>,
  name: keyof typeof JOB_LIMIT_MAX,
): Partial<Record<typeof name, number>> {
  return job[name] === undefined ? {} : { [name]: validateJobLimit(job, name) };
}

function validateSource(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidField('source', 'a non-empty string (the program text)', value);
  if (Buffer.byteLength(value) > MAX_SOURCE_BYTES) {
    throw new SaferunError(
      'ERR_INVALID_JOB',
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

// Inline tests travel in Redis inside the job (one JSON string): big test data belongs on a shared disk.
const MAX_TESTS = 1000;
const MAX_INLINE_TEST_BYTES = 64 << 20;

function byteLengthOf(test: JobTest): number {
  return Buffer.byteLength(test.name ?? '') + Buffer.byteLength(test.input) + Buffer.byteLength(test.expected);
}

function validateInlineTests(value: unknown[]): JobTest[] {
  if (value.length > MAX_TESTS) {
    throw new SaferunError(
      'ERR_INVALID_JOB',
      `Expected \`tests\` to be at most ${MAX_TESTS} inline tests, got ${value.length} (put many tests in a directory)`,
    );
  }
  const tests = value.map(validateTest);
  const bytes = tests.reduce((sum, test) => sum + byteLengthOf(test), 0);
  if (bytes > MAX_INLINE_TEST_BYTES) {
    throw new SaferunError(
      'ERR_INVALID_JOB',
      `Expected inline \`tests\` to be at most ${MAX_INLINE_TEST_BYTES} bytes in all, got ${bytes} bytes (put big tests in a directory)`,
    );
  }
  return tests;
}

function validateTests(value: unknown): JobTest[] | string {
  if (typeof value === 'string' && value !== '') return validateJobPath('tests', value);
  if (Array.isArray(value) && value.length > 0) return validateInlineTests(value);
  throw invalidField('tests', 'a non-empty array of `{ name?, input, expected }` or a directory path', value);
}

function validateChecker(value: unknown): JobChecker {
  if (value === undefined) return DEFAULT_CHECKER;
  if (typeof value === 'string' && (NAMED_CHECKERS as readonly string[]).includes(value)) return value as JobChecker;
  if (isPlainObject(value) && typeof value.float === 'number' && value.float >= 0 && Number.isFinite(value.float))
    return { float: value.float };
  if (isPlainObject(value) && typeof value.testlib === 'string' && value.testlib !== '')
    return { testlib: validateJobChecker(value.testlib) };
  throw invalidField('checker', "'tokens', 'exact', 'lines', `{ float: eps }` or `{ testlib: path }`", value);
}

// Flags such as -DONLINE_JUDGE or -lm: 300000 of them overflowed compile()'s stack (an IE after every retry).
const MAX_FLAGS = 64;
const MAX_FLAG_LENGTH = 1024;

function validateFlags(value: unknown): string[] {
  if (value === undefined) return [];
  if (
    Array.isArray(value) &&
    value.length <= MAX_FLAGS &&
    value.every((flag): flag is string => typeof flag === 'string' && flag.length <= MAX_FLAG_LENGTH)
  )
    return [...value];
  throw invalidField(
    'flags',
    `an array of at most ${MAX_FLAGS} strings of at most ${MAX_FLAG_LENGTH} characters`,
    value,
  );
}

function validateOptionalString(job: Record<string, unknown>, name: string): string | undefined {
  const value = job[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidField(name, 'a non-empty string', value);
  return value;
}

/** Checks a job before it reaches Redis; throws SaferunError (ERR_INVALID_JOB) naming the bad field. */
export function validateJob(rawJob: unknown): JudgeJobData {
  if (!isPlainObject(rawJob)) throw invalidField('job', 'an object', rawJob);
  if (rawJob.source !== undefined && rawJob.files !== undefined)
    throw invalidField('files', 'absent when `source` is given (exactly one of them)', rawJob.files);
  const language =
    rawJob.language === undefined && rawJob.files !== undefined ? undefined : validateLanguage(rawJob.language);
  const files = rawJob.files === undefined ? undefined : validateFiles(rawJob.files);
  const main = validateMain(rawJob.main, files);
  if (files && language === undefined) checkEntryExtension(files, main);
  for (const name of ['stopOnFirstFailure', 'progress']) {
    if (rawJob[name] !== undefined && typeof rawJob[name] !== 'boolean')
      throw invalidField(name, 'a boolean', rawJob[name]);
  }
  const std = validateOptionalString(rawJob, 'std');
  // An unknown standard is the back end's mistake: refused here, not an IE after every retry on a worker.
  if (std !== undefined && !isKnownStandard(std))
    throw invalidField('std', 'a language standard such as c++17, gnu++20 or c11', std);
  return {
    ...(files ? { files } : { source: validateSource(rawJob.source) }),
    ...(main === undefined ? {} : { main }),
    ...(language === undefined ? {} : { language }),
    ...(std === undefined ? {} : { std }),
    flags: validateFlags(rawJob.flags),
    tests: validateTests(rawJob.tests),
    // A limit the job leaves out stays out: a package's own limits apply then, else the judge's defaults.
    ...jobLimit(rawJob, 'timeLimitMs'),
    ...jobLimit(rawJob, 'memoryLimitMb'),
    ...jobLimit(rawJob, 'outputLimitMb'),
    checker: validateChecker(rawJob.checker),
    stopOnFirstFailure: (rawJob.stopOnFirstFailure as boolean | undefined) ?? true,
    progress: (rawJob.progress as boolean | undefined) ?? true,
  };
}

/** The BullMQ options a job may carry: its own id, and a priority. */
export function validateJobOptions(rawJob: JudgeJob): { jobId?: string; priority?: number } {
  const id = (rawJob as unknown as Record<string, unknown>).id;
  const priority = (rawJob as unknown as Record<string, unknown>).priority;
  // A control character would forge lines (or colours) in judge-worker's log: `job <id>: AC`.
  if (id !== undefined && (typeof id !== 'string' || !/^[^\p{Cc}:]{1,256}$/u.test(id) || /^\d+$/.test(id))) {
    throw invalidField('id', 'a string of 1 to 256 characters, not only digits, without `:` or control characters', id);
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
