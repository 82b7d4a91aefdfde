import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `$SAFERUN_CACHE_DIR`, else `$XDG_CACHE_HOME/saferun`, else `~/.cache/saferun` (a temp dir without a home). */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SAFERUN_CACHE_DIR) return resolve(env.SAFERUN_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'saferun');
  let home = '';
  try {
    home = homedir();
  } catch {
    // No home (some CI users): fall through to the temp dir.
  }
  return home ? join(home, '.cache', 'saferun') : join(tmpdir(), 'saferun-cache');
}
