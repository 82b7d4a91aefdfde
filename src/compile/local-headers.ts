import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

// `#include`, `#include_next`, `#import` and `__has_include(...)` (which may decide an `#if`), quoted or in angles.
const INCLUDE =
  /^[ \t]*#[ \t]*(?:include(?:_next)?|import)[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>|(\S))|__has_include(?:_next)?[ \t]*\([ \t]*(?:"([^"\n]+)"|<([^>\n]+)>)/gm;
// The compiler reads these as they are written: a source using them gives another program at another time.
const CLOCK = /\b__(?:DATE|TIME|TIMESTAMP)__\b/;

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

/** The text as the preprocessor sees its directives: lines joined at a backslash, block comments gone. */
function directiveText(text: string): string {
  return text.replace(/\\\r?\n/g, '').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/**
 * Follows `#include "x.h"` (next to the including file, then the include dirs) and `#include <x.h>`
 * found in the include dirs, recursively: every local header a source depends on, for the cache
 * key. Every existing candidate counts, not only the first: the compiler's search order differs
 * by flag (`-I` before `-isystem`) and `#include_next` goes on to the next one. A header that is
 * missing is recorded too, so creating it later changes the key. Only paths `canRead` allows are
 * read (a sandboxed compile sees no other file of the host). `undefined` when the dependencies
 * cannot be known from the text: an `#include MACRO`, or `__DATE__` and the like.
 */
export async function findLocalHeaders(
  sources: { path: string; text: string }[],
  includeDirs: string[],
  canRead: (path: string) => boolean = () => true,
): Promise<LocalHeader[] | undefined> {
  const seen = new Map<string, LocalHeader>();
  const queue = sources.map((source) => ({ path: source.path, text: source.text }));
  while (queue.length > 0) {
    const { path: from, text } = queue.shift()!;
    if (CLOCK.test(text)) return undefined;
    for (const match of directiveText(text).matchAll(INCLUDE)) {
      if (match[3] !== undefined) return undefined;
      const quoted = match[1] ?? match[4];
      const name = (quoted ?? match[2] ?? match[5])!;
      const candidates = [
        ...(quoted ? [resolve(dirname(from), name)] : []),
        ...includeDirs.map((dir) => resolve(dir, name)),
      ];
      let found = false;
      for (const candidate of candidates) {
        if (seen.has(candidate)) {
          found = true;
          continue;
        }
        const contents = canRead(candidate) ? await readIfFile(candidate) : null;
        if (contents === null) continue;
        found = true;
        seen.set(candidate, { name, path: candidate, text: contents });
        queue.push({ path: candidate, text: contents });
      }
      // A quoted include not found locally may be a system header (`#include "vector"`): keyed by name.
      if (!found && quoted) seen.set(`missing:${from}:${name}`, { name, path: null, text: null });
    }
  }
  return [...seen.values()];
}
