import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../compile/index.js';
import { BUILTIN_PROFILES, type JudgeReport, type JudgeRequest, type TestResult } from '../judge/index.js';
import type { SandboxMode } from '../sandbox/index.js';
import type { JobFile, JudgeJobData } from './types.js';

/** `judge()`, or a function of the same contract (a wrapper that logs, a judge for another language). */
export type JudgeFunction = (request: JudgeRequest) => Promise<JudgeReport>;

export interface RunJobContext {
  judge: JudgeFunction;
  signal: AbortSignal;
  onTest: (test: TestResult) => void;
  /** Parent of each job's temp dir. @default os.tmpdir() */
  tmpDir?: string;
  /** The compile cache. @default compile()'s default ($SAFERUN_CACHE_DIR, ~/.cache/saferun) */
  cacheDir?: string;
  /** Where the submission compiles and runs. @default 'auto' */
  sandbox?: SandboxMode;
}

/**
 * Compiles the job's source (in the sandbox) into a fresh temp dir, calls `judge()` on it, and removes the dir. The source goes
 * to compile() as text under a fixed name, so the compile cache (keyed by name and contents)
 * serves every re-judge of the same source without g++.
 */
export async function runJobJudge(data: JudgeJobData, context: RunJobContext): Promise<JudgeReport> {
  const dir = await mkdtemp(join(context.tmpDir ?? tmpdir(), 'saferun-job-'));
  try {
    if (data.source === undefined || (data.language ?? 'cpp') !== 'cpp') return await judgeFiles(data, context, dir);
    const compiled = await compile(
      { code: data.source, name: 'main.cpp' },
      {
        ...(data.std === undefined ? {} : { std: data.std }),
        flags: data.flags,
        output: join(dir, 'main'),
        signal: context.signal,
        sandbox: context.sandbox ?? 'auto',
        ...(context.cacheDir === undefined ? {} : { cacheDir: context.cacheDir }),
      },
    );
    return await context.judge({
      compiled,
      ...judgedAs(data, context),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The name a one-file job's source gets: Java's public class is `Main`, the rest `main` and the language's extension. */
function sourceName(language: string): string {
  const extension = BUILTIN_PROFILES.find((profile) => profile.id === language)?.extensions[0] ?? '';
  return language === 'java' ? 'Main.java' : `main${extension}`;
}

/**
 * A job in another language or in several files: its files written into the job's dir under their
 * names, judged with `files`. The artefact cache (keyed by the files' names and contents) serves a
 * re-judge of the same files without the compiler.
 */
async function judgeFiles(data: JudgeJobData, context: RunJobContext, dir: string): Promise<JudgeReport> {
  const files: JobFile[] = data.files ?? [{ name: sourceName(data.language ?? 'cpp'), content: data.source ?? '' }];
  const sources = join(dir, 'src');
  await mkdir(sources);
  for (const file of files) await writeFile(join(sources, file.name), file.content);
  return context.judge({
    files: files.map((file) => join(sources, file.name)),
    ...(data.language === undefined ? {} : { language: data.language }),
    ...(data.main === undefined ? {} : { main: data.main }),
    compileOptions: { ...(data.std === undefined ? {} : { std: data.std }), flags: data.flags },
    ...judgedAs(data, context),
  });
}

/** The part of the judge() request every job has: its tests, the limits it set, how it is checked and run. */
function judgedAs(data: JudgeJobData, context: RunJobContext) {
  return {
    tests: data.tests,
    // Only the limits the job set: a package's own limits stand for the others.
    ...(data.timeLimitMs === undefined ? {} : { timeLimitMs: data.timeLimitMs }),
    ...(data.memoryLimitMb === undefined ? {} : { memoryLimitMb: data.memoryLimitMb }),
    ...(data.outputLimitMb === undefined ? {} : { outputLimitMb: data.outputLimitMb }),
    checker: data.checker,
    stopOnFirstFailure: data.stopOnFirstFailure,
    signal: context.signal,
    onTest: context.onTest,
    sandbox: context.sandbox ?? 'auto',
    ...(context.cacheDir === undefined ? {} : { cacheDir: context.cacheDir }),
  } satisfies Partial<JudgeRequest>;
}
