import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInlineTests, loadTestsFromDir, naturalCompare } from '../../src/judge/load-tests.js';
import { fixture } from './helpers.js';

describe('loadTestsFromDir', () => {
  it('pairs NAME.in with NAME.out in natural order', async () => {
    const tests = await loadTestsFromDir(fixture('aplusb/tests'));
    expect(tests.map((test) => test.name)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(tests[9]).toEqual({
      name: '10',
      inputFile: fixture('aplusb/tests/10.in'),
      expectedFile: fixture('aplusb/tests/10.out'),
    });
  });
  it('takes NAME.ans too, and marks a test without an answer as a problem of the test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-tests-'));
    for (const [name, text] of [
      ['a10.in', '1'],
      ['a10.ans', '1'],
      ['a2.in', '2'],
      ['a2.out', '2'],
      ['lonely.in', '3'],
      ['notes.txt', ''],
    ])
      writeFileSync(join(dir, name!), text!);
    const tests = await loadTestsFromDir(dir);
    expect(tests.map((test) => test.name)).toEqual(['a2', 'a10', 'lonely']);
    expect(tests[1]?.expectedFile).toBe(join(dir, 'a10.ans'));
    expect(tests[2]?.problem).toBe('no answer file lonely.out or lonely.ans');
  });
  it('throws for a missing dir (the judge reports IE)', async () => {
    await expect(loadTestsFromDir('/nonexistent/tests')).rejects.toThrow(/ENOENT/);
  });
});

describe('naturalCompare and inline tests', () => {
  it('orders numbers inside names by value', () => {
    expect(['10', '2', '1', 'b1', 'a10', 'a9'].sort(naturalCompare)).toEqual(['1', '2', '10', 'a9', 'a10', 'b1']);
  });
  it('names inline tests by position', () => {
    expect(
      loadInlineTests([
        { input: '1', expected: '2' },
        { name: 'big', input: '3' },
      ]),
    ).toEqual([
      { name: '1', input: '1', expected: Buffer.from('2') },
      { name: 'big', input: '3', expected: Buffer.from('') },
    ]);
  });
});
