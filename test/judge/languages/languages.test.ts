import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { judge, type JudgeRequest } from '../../../src/judge/index.js';
import { describeWith, itWith, needs, type Requirement } from '../../helpers/requirements.js';
import { CACHE_DIR, fixture } from '../helpers.js';

const lang = (...names: string[]) => names.map((name) => fixture('languages', name));
const tests = fixture('aplusb/tests');
// Generous times: JVM start-up on a loaded machine; the memory limit is the 256 MB.
const limits = { timeLimitMs: 5000, memoryLimitMb: 256, cacheDir: CACHE_DIR } as const;
const run = (files: string[], extra: Partial<JudgeRequest> = {}) => judge({ files, tests, ...limits, ...extra });

interface Case {
  id: string;
  needs: () => Requirement;
  ac: string[];
  wa: string[];
  ce: string[];
  /** What the CE message says. */
  error: RegExp;
}

const CASES: Case[] = [
  {
    id: 'c',
    needs: needs.gcc,
    ac: lang('ac.c'),
    wa: lang('wa.c'),
    ce: lang('ce.c'),
    error: /ce\.c:4:\d+: expected expression/,
  },
  {
    id: 'cpp',
    needs: needs.gpp,
    ac: lang('ac.cpp'),
    wa: lang('wa.cpp'),
    ce: lang('ce.cpp'),
    error: /'undeclared' was not declared/,
  },
  { id: 'python', needs: needs.python, ac: lang('ac.py'), wa: lang('wa.py'), ce: lang('ce.py'), error: /SyntaxError/ },
  {
    id: 'java',
    needs: needs.java,
    ac: lang('java-ac/Main.java'),
    wa: lang('java-wa/Main.java'),
    ce: lang('java-ce/Main.java'),
    error: /Main\.java:3: error: ';' expected/,
  },
  {
    id: 'javascript',
    needs: needs.bwrap,
    ac: lang('ac.js'),
    wa: lang('wa.js'),
    ce: lang('ce.js'),
    error: /SyntaxError/,
  },
  { id: 'rust', needs: needs.rustc, ac: lang('ac.rs'), wa: lang('wa.rs'), ce: lang('ce.rs'), error: /error\[E0308\]/ },
  { id: 'go', needs: needs.go, ac: lang('ac.go'), wa: lang('wa.go'), ce: lang('ce.go'), error: /undefined: c/ },
];

for (const c of CASES) {
  describeWith([needs.bwrap(), needs.cgroups(), c.needs()], `judge() in ${c.id}`, () => {
    it('A+B is AC under 256 MB with cgroup accounting, compiled in the sandbox', async () => {
      const report = await run(c.ac);
      expect(report).toMatchObject({ verdict: 'AC', passed: 12, sandbox: 'bwrap', accounting: 'cgroup' });
      expect(report.compile).toMatchObject({ ok: true, sandbox: expect.stringMatching(/bwrap/) });
    }, 120_000);

    it('a wrong answer is WA', async () => {
      const report = await run(c.wa);
      expect(report.verdict).toBe('WA');
      expect(report.tests.at(-1)?.checkerMessage).toMatch(/differ/);
    }, 120_000);

    it('a syntax error is CE, with the compiler saying why', async () => {
      const report = await run(c.ce);
      expect(report.verdict).toBe('CE');
      expect(report.message).toMatch(c.error);
      expect(report.tests).toEqual([]);
    }, 120_000);
  });
}

describeWith([needs.bwrap(), needs.gpp()], 'multi-file C++', () => {
  it('two sources and a header are compiled together', async () => {
    const report = await run(lang('cpp-header/main.cpp', 'cpp-header/util.cpp', 'cpp-header/util.h'));
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
  }, 120_000);

  it('a library-style solution is linked with the grader (its header from an include dir)', async () => {
    const report = await run(lang('grader/solution.cpp'), {
      grader: lang('grader/grader.cpp'),
      includeDirs: [fixture('languages/grader')],
    });
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
  }, 120_000);

  it('without the grader the solution has no main(): CE', async () => {
    const report = await run(lang('grader/solution.cpp'), { includeDirs: [fixture('languages/grader')] });
    expect(report.verdict).toBe('CE');
    expect(report.message).toMatch(/main/);
  }, 120_000);
});

describeWith([needs.bwrap(), needs.python()], 'multi-file Python', () => {
  it('the entry point imports its own module inside the sandbox', async () => {
    const report = await run(lang('py-module/main.py', 'py-module/helper.py'));
    expect(report).toMatchObject({ verdict: 'AC', passed: 12, sandbox: 'bwrap' });
  }, 120_000);

  it('`extraFiles` are beside the entry point, read-only, not compiled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-lang-test-'));
    const main = join(dir, 'main.py');
    const data = join(dir, 'offset.txt');
    writeFileSync(
      main,
      'import os\nhere = os.path.dirname(__file__)\nk = int(open(os.path.join(here, "offset.txt")).read())\na, b = map(int, input().split())\nprint(a + b + k)\n',
    );
    writeFileSync(data, '0\n');
    expect(await run([main], { extraFiles: [data] })).toMatchObject({ verdict: 'AC', passed: 12 });
    expect((await run([main])).verdict).toBe('RE');
  }, 120_000);

  it('`main` picks the entry point among the files', async () => {
    const report = await run(lang('py-module/helper.py', 'py-module/main.py'), { main: 'main.py' });
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
  }, 120_000);

  it('without the module the import fails at run time: RE', async () => {
    const report = await run(lang('py-module/main.py'));
    expect(report.verdict).toBe('RE');
  }, 120_000);
});

describeWith([needs.bwrap(), needs.python(), needs.java()], 'languages on a problem package', () => {
  it('Python and Java submissions are judged against an ICPC package, its output validator deciding', async () => {
    const problem = fixture('packages/aplusb-icpc');
    const python = await judge({ files: lang('ac.py'), tests: problem, cacheDir: CACHE_DIR });
    expect(python).toMatchObject({ verdict: 'AC', passed: 5 });
    const java = await judge({ files: lang('java-wa/Main.java'), tests: problem, cacheDir: CACHE_DIR });
    expect(java.verdict).toBe('WA');
  }, 120_000);

  it("a Python submission talks to an interactive package's interactor", async () => {
    const report = await judge({
      files: lang('guess/guess.py'),
      tests: fixture('packages/guess'),
      cacheDir: CACHE_DIR,
    });
    expect(report).toMatchObject({ verdict: 'AC', passed: 4 });
  }, 120_000);
});

describeWith([needs.bwrap(), needs.java()], 'multi-file Java', () => {
  it('Main.java and Util.java compile together', async () => {
    const report = await run(lang('java-multi/Main.java', 'java-multi/Util.java'));
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
  }, 120_000);
});

describeWith([needs.bwrap()], 'choosing and adding languages', () => {
  const script = () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-lang-test-'));
    const file = join(dir, 'sum.sh');
    writeFileSync(file, 'read a b\necho $((a + b))\n');
    return file;
  };
  const bash = { id: 'bash', name: 'Bash', extensions: ['.sh'], run: { command: 'bash', args: ['{dir}/{main}'] } };

  it('a profile given in `languages` judges its extension', async () => {
    const report = await run([script()], { languages: [bash] });
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
  }, 120_000);

  it('a file of no known extension is IE naming the languages', async () => {
    const report = await run([script()]);
    expect(report.verdict).toBe('IE');
    expect(report.message).toMatch(/no language has the extension of sum\.sh.*python/);
  });

  it('an unknown `language` is IE naming the choices', async () => {
    const report = await run(lang('ac.py'), { language: 'cobol' });
    expect(report).toMatchObject({ verdict: 'IE' });
    expect(report.message).toMatch(/Expected `language` to be one of .*cpp.*got `cobol`/);
  });

  it('a bad profile is IE naming the field', async () => {
    const report = await run([script()], { languages: [{ ...bash, run: { command: '' } }] });
    expect(report.verdict).toBe('IE');
    expect(report.message).toBe('Expected `languages[0].run.command` to be a non-empty string, got `""` (string)');
  });

  itWith(
    [needs.python()],
    '`language` overrides the extension; `source` still works for any language',
    async () => {
      const report = await judge({ source: lang('ac.py')[0]!, tests, ...limits, language: 'python' });
      expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
    },
    120_000,
  );
});
