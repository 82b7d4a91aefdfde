export { compile } from './compile.js';
export { parseDiagnostics } from './parse-diagnostics.js';
export { parseJsonDiagnostics } from './parse-json-diagnostics.js';
export { parseTextDiagnostics } from './parse-text-diagnostics.js';
export { resolveCacheDir } from './cache-dir.js';
export type { CompileError, CompileKind, CompileOptions, CompileResult, Diagnostic, SourceInput } from './types.js';
