import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAnnotations, makeAnnotationPath } from '../../src/cli/compile-check/github.js';
import { formatSarif } from '../../src/cli/compile-check/sarif.js';
import type { CompileResult } from '../../src/compile/index.js';
import { corpus, makeTempDir, runCompileCheck } from './helpers.js';
import { sarifProblems } from './sarif-required.js';

const golden = join(corpus, 'golden', 'report');
const input = JSON.parse(readFileSync(join(golden, 'input.json'), 'utf8')) as {
  cwd: string;
  entries: { path: string; result: Pick<CompileResult, 'ok' | 'kind' | 'diagnostics'> }[];
};
const entries = input.entries.map(({ path, result }) => ({
  path,
  result: { ...result, stderr: '', durationMs: 0, cached: false, command: '' },
}));

/** Compares with the golden file; SAFERUN_UPDATE_GOLDEN=1 rewrites it (then review the diff). */
function expectGolden(name: string, actual: string): void {
  const path = join(golden, name);
  if (process.env.SAFERUN_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('GitHub annotations', () => {
  it('match the golden file: one command per error and warning, notes folded in, escaped', () => {
    const show = makeAnnotationPath(input.cwd, {});
    expectGolden('github.txt', entries.map(({ path, result }) => formatAnnotations(path, result, show)).join(''));
  });

  it("escape a message's %, CR and LF, and a property's : and , too", () => {
    const result = {
      ...entries[0]!.result,
      diagnostics: [{ file: 'a:b,c%.cpp', line: 1, column: 2, severity: 'error', message: '50%\r\nnext' }],
    } satisfies CompileResult;
    expect(formatAnnotations('x.cpp', result, (file) => file)).toBe(
      '::error file=a%3Ab%2Cc%25.cpp,line=1,col=2::50%25%0D%0Anext\n',
    );
  });

  it('name files relative to $GITHUB_WORKSPACE when inside it', () => {
    const show = makeAnnotationPath('/work/checkout/sub', { GITHUB_WORKSPACE: '/work/checkout' });
    expect(show('src/a.cpp')).toBe('sub/src/a.cpp');
    expect(show('/work/checkout/b.cpp')).toBe('b.cpp');
    expect(show('/usr/include/c++/12/vector')).toBe('/usr/include/c++/12/vector');
  });
});

describe('SARIF', () => {
  it('matches the golden file', () => {
    expectGolden('sarif.json', formatSarif(entries, '0.0.0-test', input.cwd));
  });

  it("has the 2.1.0 schema's required fields, and what code scanning needs", () => {
    const log = JSON.parse(formatSarif(entries, '0.0.0-test', input.cwd));
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0].results as { ruleId: string; level: string }[];
    // One result per error and warning; notes ride along as related locations.
    const counted = entries.flatMap((e) => e.result.diagnostics).filter((d) => d.severity !== 'note').length;
    expect(results).toHaveLength(counted);
    expect(results.map((r) => r.ruleId)).toContain('-Woverflow');
  });

  it('the checker itself finds what is missing', () => {
    expect(sarifProblems({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{}] }] })).toEqual([
      '$schema must name the 2.1.0 schema',
      'runs[0].tool.driver.name is required',
      'runs[0].results[0]: message must be an object',
      'runs[0].results[0].ruleId is required (GitHub)',
      'runs[0].results[0].locations needs a location (GitHub)',
    ]);
  });
});

describe('compile-check --format and --sarif, with real g++', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    temp = makeTempDir('compile-check-reports');
    env = { SAFERUN_CACHE_DIR: join(temp.dir, 'cache') };
  });
  afterAll(() => temp.remove());

  function cli(argv: string[], extra: NodeJS.ProcessEnv = {}) {
    return runCompileCheck(argv, { env: { ...env, ...extra } });
  }

  const files = ['errors/type-error.cpp', 'warnings/warnings-only.cpp', 'errors/link-error.cpp', 'hello world.cpp'];

  it('--format github prints the annotations and the summary only', async () => {
    const { code, stdout } = await cli(['--format', 'github', ...files]);
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^::error file=errors\/type-error\.cpp,line=6,col=24::conversion from/),
      "::warning file=warnings/warnings-only.cpp,line=9,col=18::overflow in conversion from 'int' to 'char' changes value from '300' to '','' [-Woverflow]",
      '::warning file=warnings/warnings-only.cpp,line=6,col=1::control reaches end of non-void function [-Wreturn-type]',
      "::error file=errors/link-error.cpp::undefined reference to `solve(int)'",
      '::error file=errors/link-error.cpp::collect2: ld returned 1 exit status',
      '2 passed, 2 failed',
      '',
    ]);
  });

  it('GITHUB_ACTIONS=true adds annotations to the default text; an explicit --format text does not', async () => {
    const ci = await cli(['errors/type-error.cpp'], { GITHUB_ACTIONS: 'true' });
    expect(ci.stdout).toMatch(/^FAIL errors\/type-error\.cpp\n/);
    expect(ci.stdout).toMatch(/^::error file=errors\/type-error\.cpp,line=6,col=24::/m);
    const text = await cli(['--format', 'text', 'errors/type-error.cpp'], { GITHUB_ACTIONS: 'true' });
    expect(text.stdout).not.toContain('::error');
    const plain = await cli(['errors/type-error.cpp']);
    expect(plain.stdout).not.toContain('::error');
  });

  it('--sarif writes a valid log beside the text output', async () => {
    const report = join(temp.dir, 'report.sarif');
    const { code, stdout } = await cli(['--sarif', report, ...files]);
    expect(code).toBe(1);
    expect(stdout.endsWith('2 passed, 2 failed\n')).toBe(true);
    const log = JSON.parse(readFileSync(report, 'utf8'));
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0].results as { ruleId: string; level: string; locations: unknown[] }[];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['compiler-error', 'error'],
      ['-Woverflow', 'warning'],
      ['-Wreturn-type', 'warning'],
      ['compiler-error', 'error'],
      ['compiler-error', 'error'],
    ]);
    expect(results[1]!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'warnings/warnings-only.cpp', uriBaseId: '%SRCROOT%' },
          region: { startLine: 9, startColumn: 18 },
        },
      },
    ]);
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${corpus}/`);
  });

  it('says so in one line and exits 2 when the --sarif report cannot be written', async () => {
    const report = join(temp.dir, 'missing-dir', 'r.sarif');
    const { code, stderr } = await cli(['--sarif', report, 'hello world.cpp']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^compile-check: cannot write the SARIF report .*r\.sarif: ENOENT/);
    expect(stderr).toMatch(/\nCheck that the directory of --sarif exists and is writable\.\n$/);
  });
});
