import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { judge } from '../../../src/judge/index.js';
import { describeWith, needs } from '../../helpers/requirements.js';
import { CACHE_DIR, fixture } from '../helpers.js';

/** A copy of a fixture with a comment no earlier run had: its first build cannot come from the cache. */
function freshCopy(name: string, comment: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'saferun-artefact-test-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, basename(name));
  copyFileSync(fixture('languages', name), file);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${comment} ${randomUUID()}\n`);
  return file;
}

const judgeOnce = (file: string) =>
  judge({ files: [file], tests: fixture('aplusb/tests'), timeLimitMs: 5000, memoryLimitMb: 256, cacheDir: CACHE_DIR });

for (const [id, name, requirement] of [
  ['Java', 'java-ac/Main.java', needs.java],
  ['Rust', 'ac.rs', needs.rustc],
  ['Python', 'ac.py', needs.python],
  // C++ through compile()'s result cache, from a copy of the files at a path of their own.
  ['C++', 'ac.cpp', needs.gpp],
] as const) {
  describeWith([needs.bwrap(), requirement()], `the artefact cache, ${id}`, () => {
    it('a re-judge of the same source skips the compiler; an edited one does not', async () => {
      const file = freshCopy(name, id === 'Python' ? '#' : '//');
      const first = await judgeOnce(file);
      expect(first).toMatchObject({ verdict: 'AC', compile: { ok: true, cached: false } });
      const second = await judgeOnce(file);
      // The compiler did not run: the artefacts came from the cache, and they still judge AC.
      expect(second).toMatchObject({ verdict: 'AC', passed: 12, compile: { ok: true, cached: true } });
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n${id === 'Python' ? '#' : '//'} edited\n`);
      expect((await judgeOnce(file)).compile).toMatchObject({ ok: true, cached: false });
    }, 180_000);
  });
}
