// An empty source is what was submitted: CE, like an empty Go, Rust or Java file, never the judge's IE
// (a queue job retries an IE, and a back end reads it as the judge's failure).
import { expect, it } from 'vitest';
import { judge } from '../../src/judge/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { CACHE_DIR, fixture } from './helpers.js';

const tests = [{ input: '1 2\n', expected: '3\n' }];

describeWith([needs.gpp()], 'an empty C++ submission', () => {
  it('is CE given as `source`', async () => {
    const report = await judge({ source: fixture('adversarial/empty.cpp'), tests, cacheDir: CACHE_DIR });
    expect(report).toMatchObject({ verdict: 'CE', message: expect.stringMatching(/empty\.cpp` is empty/) });
  });

  it('is CE given as `files`, with a language', async () => {
    const report = await judge({
      files: [fixture('adversarial/empty.cpp')],
      language: 'cpp',
      tests,
      cacheDir: CACHE_DIR,
    });
    expect(report).toMatchObject({ verdict: 'CE', message: expect.stringMatching(/empty\.cpp` is empty/) });
  });
});
