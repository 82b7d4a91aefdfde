import { delimiter, dirname, join, resolve } from 'node:path';

/** `node_modules/.bin` of `cwd` and of every folder above it, nearest first (as npm run does). */
function localBinDirs(cwd: string): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.push(join(dir, 'node_modules', '.bin'));
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

/** `env` with the local `.bin` folders first on PATH (Windows spells the key `Path`). */
export function preferLocalBins(env: NodeJS.ProcessEnv, cwd: string | undefined): NodeJS.ProcessEnv {
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  const current = env[key];
  const dirs = localBinDirs(cwd ?? process.cwd());
  return { ...env, [key]: current ? [...dirs, current].join(delimiter) : dirs.join(delimiter) };
}
