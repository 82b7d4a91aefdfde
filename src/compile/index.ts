export { compile } from './compile.js';
export { compileMany, type CompileManyOptions } from './compile-many.js';
export { buildPch, type BuildPchResult } from './build-pch.js';
export { compileProject, type CompileProjectOptions } from './compile-project.js';
export { readCompileCommands, type CompileCommand, type ReadCompileCommands } from './read-compile-commands.js';
export { parseDiagnostics } from './parse-diagnostics.js';
export { parseJsonDiagnostics } from './parse-json-diagnostics.js';
export { parseTextDiagnostics } from './parse-text-diagnostics.js';
export { resolveCacheDir } from './cache-dir.js';
export { checkCacheDir } from './check-cache-dir.js';
export {
  DEFAULT_COMPILE_TIMEOUT,
  DEFAULT_MAX_OUTPUT,
  DEFAULT_MEMORY_LIMIT_MB,
  isKnownStandard,
} from './validate-compile-options.js';
export type {
  CompileError,
  CompileKind,
  CompileOptions,
  CompileResult,
  Diagnostic,
  PchBuildEvent,
  SourceInput,
} from './types.js';
export { explainStop, type StopLimits } from './explain-stop.js';
export { isCppSource } from './is-cpp-source.js';
export {
  runSandboxedStep,
  type StepFile,
  type StepLimits,
  type StepOptions,
  type StepResult,
} from '../sandbox/index.js';
