import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>)/gm;

/** A header the sources include from the project (not the system), with its contents or `null` when absent. */
export interface LocalHeader {
  name: string;
  path: string | null;
  text: string | null;
}

async function readIfFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Follows `#include "x.h"` (next to the including file, then the include dirs) and `#include <x.h>`
 * found in the include dirs, recursively: every local header a source depends on, for the cache
 * key. A header that is missing is recorded too, so creating it later changes the key. Only
 * paths `canRead` allows are read (a sandboxed compile sees no other file of the host).
 */
export async function findLocalHeaders(
  sources: { path: string; text: string }[],
  includeDirs: string[],
  canRead: (path: string) => boolean = () => true,
): Promise<LocalHeader[]> {
  const seen = new Map<string, LocalHeader>();
  const queue = sources.map((source) => ({ path: source.path, text: source.text }));
  while (queue.length > 0) {
    const { path: from, text } = queue.shift()!;
    for (const match of text.matchAll(INCLUDE)) {
      const quoted = match[1];
      const name = (quoted ?? match[2])!;
      const candidates = [
        ...(quoted ? [resolve(dirname(from), name)] : []),
        ...includeDirs.map((dir) => resolve(dir, name)),
      ];
      let found: LocalHeader | undefined;
      for (const candidate of candidates) {
        if (seen.has(candidate)) {
          found = seen.get(candidate);
          break;
        }
        const contents = canRead(candidate) ? await readIfFile(candidate) : null;
        if (contents !== null) {
          found = { name, path: candidate, text: contents };
          seen.set(candidate, found);
          queue.push({ path: candidate, text: contents });
          break;
        }
      }
      // A quoted include not found locally may be a system header (`#include "vector"`): keyed by name.
      if (!found && quoted) seen.set(`missing:${from}:${name}`, { name, path: null, text: null });
    }
  }
  return [...seen.values()];
}
