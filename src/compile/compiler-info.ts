import { execFile } from '../process/index.js';
import type { CompileError } from './types.js';

/** What the caches and the command line need to know about a compiler. */
export interface CompilerInfo {
  compiler: string;
  /** First line of `--version`, e.g. `g++ (Debian 12.2.0-14) 12.2.0`: part of every cache key. */
  version: string;
  family: 'gcc' | 'clang' | 'other';
  major: number;
  /** GCC >= 10 prints `-fdiagnostics-format=json`. */
  json: boolean;
}

const known = new Map<string, Promise<CompilerInfo | CompileError>>();

export function parseVersionLine(compiler: string, versionLine: string): CompilerInfo {
  const family = /clang/i.test(versionLine) ? 'clang' : /g\+\+|gcc|c\+\+/i.test(versionLine) ? 'gcc' : 'other';
  const major = Number(/(\d+)\.\d+(?:\.\d+)?/.exec(versionLine.replace(/\([^)]*\)/g, ''))?.[1] ?? 0);
  return { compiler, version: versionLine, family, major, json: family === 'gcc' && major >= 10 };
}

async function probe(compiler: string): Promise<CompilerInfo | CompileError> {
  const result = await execFile(compiler, ['--version'], { timeout: 10_000, maxBuffer: 64 * 1024 });
  if (result.kind === 'spawn-error' || result.kind === 'invalid-options') {
    const code = result.error.code;
    return { code, message: `Compiler \`${compiler}\` could not be started (${code}): is it installed and on PATH?` };
  }
  if (!result.ok)
    return {
      code: 'ECOMPILER',
      message: `\`${compiler} --version\` failed: ${result.stderr.split('\n')[0] ?? result.kind}`,
    };
  return parseVersionLine(compiler, result.stdout.split('\n')[0] ?? '');
}

/** Runs `compiler --version` once per process and remembers the answer; a failure is forgotten, so the next call probes again. */
export function getCompilerInfo(compiler: string): Promise<CompilerInfo | CompileError> {
  let info = known.get(compiler);
  if (!info) {
    info = probe(compiler);
    known.set(compiler, info);
    // A timeout on a loaded machine, or a compiler installed later, must not fail every later compile.
    const probed = info;
    const forget = () => {
      if (known.get(compiler) === probed) known.delete(compiler);
    };
    void probed.then((found) => isCompilerInfo(found) || forget(), forget);
  }
  return info;
}

export function isCompilerInfo(value: CompilerInfo | CompileError): value is CompilerInfo {
  return 'family' in value;
}
