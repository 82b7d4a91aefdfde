import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, type CompileOptions, type CompileResult } from '../compile/index.js';
import { prepareProgram } from './languages/index.js';
import { blameOf, describeCompileFailure } from './languages/outcome-of-compile.js';
import type { NormalizedLimits } from './limits.js';
import type { JudgeRequest } from './types.js';

export type Program =
  | {
      kind: 'binary';
      path: string;
      args?: string[];
      readOnlyPaths?: string[];
      env?: Record<string, string>;
      compile?: CompileResult;
    }
  | { kind: 'compile-error'; compile: CompileResult; message: string }
  | { kind: 'internal-error'; message: string; compile?: CompileResult };

// `source` alone is C or C++ through compile(), as before; with `language`, or in another language, a profile.
function sourceNeedsProfile(request: JudgeRequest): boolean {
  return (
    request.source !== undefined &&
    (request.language !== undefined || !/\.(c|cpp|cc|cxx|c\+\+|C)$/.test(request.source))
  );
}

/** The program to judge: built from `files` (any language), compiled from `source`, taken from `compiled`, or `binary` as given. */
export async function obtainProgram(
  request: JudgeRequest,
  workDir: string,
  compileOptions: CompileOptions,
  limits?: Pick<NormalizedLimits, 'memoryLimitMb' | 'stackLimitMb'>,
): Promise<Program> {
  const given = [request.source, request.binary, request.compiled, request.files].filter((v) => v !== undefined).length;
  if (given !== 1)
    return { kind: 'internal-error', message: 'Expected exactly one of `files`, `source`, `binary` or `compiled`' };
  if (request.files !== undefined || sourceNeedsProfile(request))
    return fromProfile(request, workDir, compileOptions, limits);
  if (request.binary !== undefined) {
    if (typeof request.binary !== 'string')
      return { kind: 'internal-error', message: 'Expected `binary` to be a path' };
    const ok = await access(request.binary, constants.X_OK).then(
      () => true,
      () => false,
    );
    return ok
      ? { kind: 'binary', path: request.binary }
      : { kind: 'internal-error', message: `binary ${request.binary} is missing or not executable` };
  }
  const result =
    request.compiled ?? (await compile(request.source!, { ...compileOptions, output: join(workDir, 'program') }));
  return fromCompileResult(result);
}

async function fromProfile(
  request: JudgeRequest,
  workDir: string,
  compileOptions: CompileOptions,
  limits?: Pick<NormalizedLimits, 'memoryLimitMb' | 'stackLimitMb'>,
): Promise<Program> {
  const { sandbox = 'none', cacheDir, signal, ...rest } = compileOptions;
  const prepared = await prepareProgram(
    {
      files: request.files ?? [request.source!],
      ...(request.language !== undefined ? { language: request.language } : {}),
      ...(request.main !== undefined ? { main: request.main } : {}),
      ...(request.includeDirs ? { includeDirs: request.includeDirs } : {}),
      ...(request.grader ? { grader: request.grader } : {}),
      ...(request.extraFiles ? { extraFiles: request.extraFiles } : {}),
    },
    workDir,
    {
      sandbox,
      compileOptions: rest,
      ...(request.languages ? { languages: request.languages } : {}),
      ...(cacheDir ? { cacheDir } : {}),
      ...(compileOptions.cache === false ? { cache: false } : {}),
      ...(signal ? { signal } : {}),
      ...(limits ? { memoryLimitMb: limits.memoryLimitMb, stackLimitMb: limits.stackLimitMb } : {}),
    },
  );
  if (prepared.kind !== 'ready') return prepared;
  return {
    kind: 'binary',
    path: prepared.command,
    args: prepared.args,
    readOnlyPaths: prepared.readOnlyPaths,
    env: prepared.env,
    ...(prepared.compile ? { compile: prepared.compile } : {}),
  };
}

function fromCompileResult(result: CompileResult): Program {
  if (result.ok)
    return result.binary
      ? { kind: 'binary', path: result.binary, compile: result }
      : { kind: 'internal-error', message: 'the compile result has no binary', compile: result };
  const message = describeCompileFailure(result);
  // The submission's fault when it does not compile within the compiler's limits; else the judge's.
  return blameOf(result) === 'compile-error'
    ? { kind: 'compile-error', compile: result, message }
    : { kind: 'internal-error', message: `could not compile: ${message}`, compile: result };
}
