// `judge` with sources in any language, several files, a grader and profiles from a file: in-process, real toolchains.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runJudgeCommand } from '../judge/helpers.js';
import { describeWith, needs } from '../helpers/requirements.js';

const judgeCli = runJudgeCommand;

const lang = (name: string) => fixture('languages', name);
const tests = fixture('aplusb/tests');
const usageOf = (message: string) => `judge: ${message}\nRun 'judge --help' for the options.\n`;

describeWith([needs.bwrap(), needs.python()], 'judge SOURCES... TESTS', () => {
  it('Python in two files: AC, exit 0', async () => {
    const { code, stdout } = await judgeCli([lang('py-module/main.py'), lang('py-module/helper.py'), tests]);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout).toMatch(/verdict: AC \(12 passed/);
  }, 120_000);

  it('--main picks the entry point; --language overrides the extension', async () => {
    const picked = await judgeCli([lang('py-module/helper.py'), lang('py-module/main.py'), tests, '--main', 'main.py']);
    expect(picked.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'saferun-cli-lang-'));
    writeFileSync(join(dir, 'sum.txt'), 'a, b = map(int, input().split())\nprint(a + b)\n');
    const named = await judgeCli([join(dir, 'sum.txt'), tests, '--language', 'python']);
    expect(named.code).toBe(0);
  }, 120_000);

  it('--extra-file places a data file beside the sources, which the submission reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-cli-lang-'));
    writeFileSync(
      join(dir, 'main.py'),
      'import os\nk = int(open(os.path.join(os.path.dirname(__file__), "offset.txt")).read())\n' +
        'a, b = map(int, input().split())\nprint(a + b + k)\n',
    );
    writeFileSync(join(dir, 'offset.txt'), '0\n');
    const withData = await judgeCli([join(dir, 'main.py'), tests, '--extra-file', join(dir, 'offset.txt')]);
    expect(withData.stdout).toMatch(/verdict: AC/);
    expect(withData.code).toBe(0);
    const without = await judgeCli([join(dir, 'main.py'), tests]);
    expect(without.stdout).toMatch(/verdict: RE/);
  }, 120_000);

  it("a Python syntax error: CE with the interpreter's words, exit 1", async () => {
    const { code, stdout } = await judgeCli([lang('ce.py'), tests]);
    expect(code).toBe(1);
    expect(stdout).toContain("SyntaxError: '(' was never closed");
    expect(stdout.endsWith('verdict: CE (compilation failed)\n')).toBe(true);
  }, 120_000);
});

describeWith([needs.bwrap(), needs.gpp()], 'judge with -I and --grader', () => {
  it('links a library-style solution with the grader', async () => {
    const { code, stdout } = await judgeCli([
      lang('grader/solution.cpp'),
      tests,
      '--grader',
      lang('grader/grader.cpp'),
      '-I',
      fixture('languages/grader'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/verdict: AC/);
  }, 120_000);
});

describeWith([needs.bwrap()], 'judge --languages FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saferun-cli-lang-'));
  const profiles = join(dir, 'languages.json');
  writeFileSync(
    profiles,
    JSON.stringify([
      { id: 'bash', name: 'Bash', extensions: ['.sh'], run: { command: 'bash', args: ['{dir}/{main}'] } },
    ]),
  );
  const script = join(dir, 'sum.sh');
  writeFileSync(script, 'read a b\necho $((a + b))\n');

  it('adds a language from a JSON file', async () => {
    const { code, stdout } = await judgeCli([script, tests, '--languages', profiles]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/verdict: AC/);
  }, 120_000);

  it('a bad file is a usage error, exit 2, before anything runs', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x', name: 'X', extensions: ['sh'], run: { command: 'bash' } }]));
    expect(await judgeCli([script, tests, '--languages', join(dir, 'missing.json')])).toEqual({
      code: 2,
      stdout: '',
      stderr: usageOf(`--languages cannot read ${join(dir, 'missing.json')}: ENOENT`),
    });
    const notJson = await judgeCli([script, tests, '--languages', broken]);
    expect(notJson).toMatchObject({ code: 2, stdout: '' });
    expect(notJson.stderr).toMatch(/^judge: --languages needs a JSON file of language profiles; .*broken\.json: /);
    expect(await judgeCli([script, tests, '--languages', bad])).toEqual({
      code: 2,
      stdout: '',
      stderr: usageOf(
        `--languages: Expected \`${bad}[0].extensions\` to be extensions with their dot, such as \`.py\`, got \`"sh"\` (string)`,
      ),
    });
  });
});

describe('judge --list-languages', () => {
  it('lists every language with its version or what is missing, no positionals needed', async () => {
    const { code, stdout } = await judgeCli(['--list-languages']);
    expect(code).toBe(0);
    const ids = stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual(['c', 'cpp', 'python', 'java', 'javascript', 'rust', 'go']);
    expect(stdout).toMatch(
      new RegExp(`^javascript +\\.js \\.mjs \\.cjs +${process.version.replace(/\./g, '\\.')}$`, 'm'),
    );
  });

  it('--json gives the list as data; files with it are a usage error', async () => {
    const json = await judgeCli(['--list-languages', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ id: 'python', extensions: ['.py'] }));
    expect(await judgeCli(['--list-languages', 'a.py'])).toEqual({
      code: 2,
      stdout: '',
      stderr: usageOf('Expected no files with --list-languages, got 1 argument'),
    });
    expect(await judgeCli(['a.py', tests, '--language', 'no/such'])).toMatchObject({ code: 2 });
  });
});
