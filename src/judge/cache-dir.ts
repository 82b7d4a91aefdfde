import { homedir } from 'node:os';
import { join } from 'node:path';

/** `SAFERUN_CACHE_DIR`, else `$XDG_CACHE_HOME/saferun`, else `~/.cache/saferun`. */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SAFERUN_CACHE_DIR) return env.SAFERUN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'saferun');
  return join(homedir(), '.cache', 'saferun');
}
