import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isCppSource } from '../../compile/index.js';
import { isCSource } from '../../compile/source-language.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build']);

export type FoundFiles = { ok: true; files: string[] } | { ok: false; message: string; hint: string };

// `shown` is the path as the user wrote it (results name files that way); `dir` is absolute.
async function walk(shown: string, dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(shown, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(path, join(dir, entry.name), into);
    } else if (entry.isFile() && (isCppSource(entry.name) || isCSource(entry.name))) {
      into.push(path);
    }
  }
}

/** Files as given, directories expanded to the C and C++ files inside (sorted); each path at most once. */
export async function findFiles(paths: string[], cwd: string): Promise<FoundFiles> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(resolve(cwd, path)).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      const why = info.code === 'ENOENT' ? 'No such file or directory' : `Cannot read it (${info.code})`;
      return {
        ok: false,
        message: `${why}: ${path}`,
        hint: 'Check the path; directories are searched for .c, .cpp, .cc and .cxx files.',
      };
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(path, resolve(cwd, path), found);
      if (found.length === 0)
        return {
          ok: false,
          message: `No C or C++ files in directory: ${path}`,
          hint: 'Directories are searched for .c, .cpp, .cc and .cxx files.',
        };
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  const seen = new Set<string>();
  return { ok: true, files: files.filter((file) => !seen.has(resolve(cwd, file)) && seen.add(resolve(cwd, file))) };
}
