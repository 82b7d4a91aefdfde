import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import type { PreparedSource } from './prepare-sources.js';
import type { Diagnostic } from './types.js';

// Source text is compiled from a scratch path: show its name instead. The linker names a source
// by its base name (`a.cpp:(.text+0x5): undefined reference`), its absolute path (debug info) or
// its temporary object (`/tmp/ccX.o`, Clang's `/tmp/a-1f2e3d.o`): show the path the user gave.
export function renameFiles(diagnostics: Diagnostic[], sources: PreparedSource[]): Diagnostic[] {
  // The argument as passed (a scratch path, `./-dash.cpp`) or the absolute path (debug info).
  const names = new Map(
    sources.flatMap((s) => [
      [s.path, s.display],
      [s.arg, s.display],
    ]),
  );
  const byBase = new Map<string, string | null>();
  const byStem = new Map<string, string | null>();
  for (const source of sources) {
    const base = basename(source.arg);
    byBase.set(base, byBase.has(base) ? null : source.display);
    const stem = base.replace(/\.[^.]*$/, '');
    byStem.set(stem, byStem.has(stem) ? null : source.display);
  }
  const objectOf = (file: string): string | undefined => {
    const object = TEMP_OBJECT.exec(file);
    if (!object) return undefined;
    // One source: its object. Clang names the object after the source; GCC's ccXXXXXX.o names none.
    if (sources.length === 1) return sources[0]!.display;
    return (object[1] ? byStem.get(object[1]) : undefined) ?? '';
  };
  return diagnostics.map((d) => {
    const named =
      names.get(d.file) ?? (d.line === 0 && d.file !== '' ? (byBase.get(d.file) ?? objectOf(d.file)) : undefined);
    return named === undefined ? d : { ...d, file: named };
  });
}

// An object file the compiler driver made in the temp dir while linking: `/tmp/ccAb12Cd.o`, `/tmp/a-1f2e3d.o`.
const TEMP_OBJECT = new RegExp(`^${escapeRegExp(tmpdir())}/(?:cc\\w{6}|(.+)-[0-9a-f]{6})\\.o$`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
