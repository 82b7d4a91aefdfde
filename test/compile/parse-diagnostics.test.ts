import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiagnostics, parseJsonDiagnostics, parseTextDiagnostics } from '../../src/compile/index.js';

const golden = join(import.meta.dirname, '../../fixtures/compile/golden');
const inputs = readdirSync(golden)
  .filter((name) => name.endsWith('.txt'))
  .sort();

describe('parseDiagnostics against golden files', () => {
  it('has golden files for JSON, text, linker, driver and Clang output', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of inputs) {
    it(name, () => {
      const stderr = readFileSync(join(golden, name), 'utf8');
      const expected = JSON.parse(readFileSync(join(golden, name.replace(/\.txt$/, '.expected.json')), 'utf8'));
      expect(parseDiagnostics(stderr)).toEqual(expected);
    });
  }
});

describe('parseJsonDiagnostics', () => {
  it('flattens children after their parent and maps fatal errors to errors', () => {
    const json = JSON.stringify([
      {
        kind: 'fatal error',
        message: 'boom',
        locations: [{ caret: { file: 'a.cpp', line: 3, column: 4 } }],
        children: [{ kind: 'note', message: 'see here', locations: [{ caret: { file: 'b.h', line: 1, column: 1 } }] }],
      },
      { kind: 'warning', message: 'unused', option: '-Wunused-variable', locations: [] },
    ]);
    expect(parseJsonDiagnostics(json)).toEqual([
      { file: 'a.cpp', line: 3, column: 4, severity: 'error', message: 'boom' },
      { file: 'b.h', line: 1, column: 1, severity: 'note', message: 'see here' },
      { file: '', line: 0, column: 0, severity: 'warning', message: 'unused', option: '-Wunused-variable' },
    ]);
  });

  it('keeps the complete objects of an array cut short, even with braces inside strings', () => {
    const full = JSON.stringify([
      { kind: 'error', message: 'a { b } "c"', locations: [] },
      { kind: 'error', message: 'second', locations: [] },
    ]);
    const cut = full.slice(0, full.indexOf('second'));
    expect(parseJsonDiagnostics(cut).map((d) => d.message)).toEqual(['a { b } "c"']);
  });

  it('returns nothing for an empty array or no array', () => {
    expect(parseJsonDiagnostics('[]')).toEqual([]);
    expect(parseJsonDiagnostics('not json')).toEqual([]);
  });
});

describe('parseTextDiagnostics', () => {
  it('reads a message with no column and skips context and source lines', () => {
    const text = [
      "a.cpp: In function 'int main()':",
      'a.cpp:7: error: expected ; before }',
      '    7 |   x = 1',
      '      |   ^',
    ].join('\n');
    expect(parseTextDiagnostics(text)).toEqual([
      { file: 'a.cpp', line: 7, column: 0, severity: 'error', message: 'expected ; before }' },
    ]);
  });

  it('reads linker errors and warnings, and skips the "in function" context', () => {
    const text = [
      "/usr/bin/ld: /tmp/cc1.o: in function `main':",
      '/usr/bin/ld: warning: creating DT_TEXTREL in a PIE',
      '/usr/bin/ld: cannot find -lfoo: No such file or directory',
    ].join('\n');
    expect(parseTextDiagnostics(text)).toEqual([
      { file: '', line: 0, column: 0, severity: 'warning', message: '/usr/bin/ld: creating DT_TEXTREL in a PIE' },
      { file: '', line: 0, column: 0, severity: 'error', message: 'cannot find -lfoo: No such file or directory' },
    ]);
  });

  it('reads driver errors without a file', () => {
    expect(parseTextDiagnostics("g++: error: unrecognized command-line option '-fbogus'")).toEqual([
      { file: '', line: 0, column: 0, severity: 'error', message: "g++: unrecognized command-line option '-fbogus'" },
    ]);
  });
});
