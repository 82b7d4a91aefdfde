import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, type CompileOptions, type CompileResult } from '../compile/index.js';
import type { JudgeRequest } from './types.js';

export type Program =
  | { kind: 'binary'; path: string; compile?: CompileResult }
  | { kind: 'compile-error'; compile: CompileResult; message: string }
  | { kind: 'internal-error'; message: string; compile?: CompileResult };

function describeCompileFailure(result: CompileResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    return `${errors.length} error${errors.length > 1 ? 's' : ''}; first: ${first.file}:${first.line}:${first.column}: ${first.message}`;
  }
  return result.error?.message ?? result.kind;
}

/** The binary to judge: compiled from `source`, taken from `compiled`, or `binary` as given. */
export async function obtainProgram(
  request: JudgeRequest,
  workDir: string,
  compileOptions: CompileOptions,
): Promise<Program> {
  const given = [request.source, request.binary, request.compiled].filter((value) => value !== undefined).length;
  if (given !== 1)
    return { kind: 'internal-error', message: 'Expected exactly one of `source`, `binary` or `compiled`' };
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

function fromCompileResult(result: CompileResult): Program {
  switch (result.kind) {
    case 'ok':
      return result.binary
        ? { kind: 'binary', path: result.binary, compile: result }
        : { kind: 'internal-error', message: 'the compile result has no binary', compile: result };
    // The submission's fault: it does not compile within the compiler's limits.
    case 'compile-error':
    case 'timeout':
    case 'output-limit':
    case 'memory-limit':
      return { kind: 'compile-error', compile: result, message: describeCompileFailure(result) };
    case 'aborted':
    case 'compiler-missing':
    case 'invalid-input':
      return {
        kind: 'internal-error',
        message: `could not compile: ${describeCompileFailure(result)}`,
        compile: result,
      };
    default: {
      const unreachable: never = result.kind;
      return unreachable;
    }
  }
}
