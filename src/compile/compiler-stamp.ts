import { resolve } from 'node:path';
import { findCommand } from '../sandbox/index.js';
import { stampFile } from './stamp-file.js';

/**
 * The compiler's file as found now (on `PATH`, or from `cwd` for a path), with its size and
 * modification time: a compiler replaced under the same name and version line (a wrapper script
 * edited, a rebuilt toolchain) must not be served the old one's verdicts. `-` when not found.
 */
export async function stampCompiler(compiler: string, cwd: string): Promise<string> {
  const path = compiler.includes('/')
    ? resolve(cwd, compiler)
    : await findCommand(compiler, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin');
  return path === undefined ? '-' : stampFile(path);
}
