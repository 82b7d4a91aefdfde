import type { CompileResult } from '../../compile/index.js';

/** One line on why a build failed: the first error, else the first lines of its output. */
export function describeCompileFailure(result: CompileResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    return `${errors.length} error${errors.length > 1 ? 's' : ''}; first: ${first.file}:${first.line}:${first.column}: ${first.message}`;
  }
  // Compilers without parsed diagnostics: the first line that says error (`SyntaxError: ...`,
  // `Main.java:3: error: ';' expected`, `error[E0308]: mismatched types`), else the first line.
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line = lines.find((text) => /error/i.test(text)) ?? lines.find((text) => !text.startsWith('#')) ?? lines[0];
  if (line !== undefined) return line.slice(0, 300);
  return result.error?.message ?? result.kind;
}

/** Whose fault a failed build is: the submission's (`CE`) or the judge's (`IE`). */
export function blameOf(result: CompileResult): 'compile-error' | 'internal-error' {
  switch (result.kind) {
    case 'ok':
    case 'compile-error':
    case 'timeout':
    case 'output-limit':
    case 'memory-limit':
      return 'compile-error';
    // An empty source is what was submitted (Go, Rust, Java already give CE for one): not the judge's failure.
    case 'invalid-input':
      return result.error?.code === 'EEMPTY' ? 'compile-error' : 'internal-error';
    case 'aborted':
    case 'compiler-missing':
      return 'internal-error';
    default: {
      const unreachable: never = result.kind;
      return unreachable;
    }
  }
}

/**
 * Why a trusted program (a checker, a validator, an interactor) did not compile, in one line: the
 * first error (`line:col: message`, with its file when `withFile`), else the compile's own error.
 */
export function firstCompileError(result: CompileResult, withFile = false): string {
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (!first) return result.error?.message ?? result.kind;
  return `${withFile ? `${first.file}:` : ''}${first.line}:${first.column}: ${first.message}`;
}
