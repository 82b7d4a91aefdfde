import { describeWith, itWith, needs } from '../helpers/requirements.js';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/compile-check/main.js';
import { buildPch, compile } from '../../src/compile/index.js';
import { execFile } from '../../src/process/index.js';
import { leftoverStepDirs, runInChild } from '../sandbox/helpers.js';
import { corpus, fixtures, makeTempDir } from './helpers.js';

const temp = makeTempDir('compile-sandbox');
chmodSync(temp.dir, 0o755);
const cacheDir = join(temp.dir, 'cache');
afterAll(() => temp.remove());

/** A file of the test's own, in a dir of its own (so that binding one never shows another). */
function writeOwn(name: string, text: string): string {
  const dir = join(temp.dir, randomUUID());
  mkdirSync(dir, { mode: 0o755 });
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o644 });
  return path;
}

describeWith([needs.gpp(), needs.bwrap()], 'compile() in the sandbox', () => {
  beforeAll(async () => {
    expect((await buildPch({ cacheDir })).ok).toBe(true);
  }, 120_000);

  it('compiles with the warm PCH, and the binary it brings back runs', async () => {
    const output = join(temp.dir, 'sum');
    const code =
      '#include <bits/stdc++.h>\nint main() { std::vector<int> v{1, 2, 3}; std::cout << std::accumulate(v.begin(), v.end(), 0); }\n';
    const result = await compile({ code }, { cacheDir, output, sandbox: 'bwrap', cache: false });
    expect(result).toMatchObject({ ok: true, kind: 'ok', pch: true, sandbox: 'bwrap', binary: output });
    expect((await execFile(output)).stdout).toBe('6');
    expect(leftoverStepDirs()).toEqual([]);
  });

  it('opens up a PCH entry made private again (as a rebuild makes it) before each compile', async () => {
    const code = { code: '#include <bits/stdc++.h>\nint main() { std::vector<int> v; return int(v.size()); }\n' };
    const options = { cacheDir, sandbox: 'bwrap', cache: false } as const;
    expect(await compile(code, options)).toMatchObject({ kind: 'ok', pch: true });
    const pch = await buildPch({ cacheDir });
    chmodSync(pch.dir!, 0o700);
    expect(await compile(code, options)).toMatchObject({ kind: 'ok', pch: true });
  });

  it('names the files as the caller gave them, also two sources of the same name', async () => {
    const a = writeOwn('x.cpp', 'int twice(int v);\nint main() { return twice(1); }\n');
    const b = writeOwn('x.cpp', 'int twice(int v) { return 2 * v }\n');
    const result = await compile([a, b], { cacheDir, sandbox: 'bwrap' });
    expect(result.kind).toBe('compile-error');
    expect(result.diagnostics[0]).toMatchObject({ file: b, line: 1, message: "expected ';' before '}' token" });
    const text = await compile(
      { code: 'int main() { return 0 }', name: 'solution.cpp' },
      { sandbox: 'bwrap', cacheDir },
    );
    expect(text.diagnostics[0]).toMatchObject({ file: 'solution.cpp', line: 1 });
    const relative = await compile('errors/syntax-error.cpp', { cwd: corpus, sandbox: 'bwrap', cacheDir });
    expect(relative.diagnostics[0]).toMatchObject({ file: 'errors/syntax-error.cpp', line: 5, column: 5 });
    // A linker message about a temporary object names no file, as on the host (not /.saferun/work/ccX.o).
    const twice = [
      { code: 'int x = 1;\nint main() {}\n', name: 'a.cpp' },
      { code: 'int x = 2;\n', name: 'b.cpp' },
    ];
    const duplicate = await compile(twice, { sandbox: 'bwrap', cacheDir, cache: false });
    expect(duplicate.diagnostics[0]).toMatchObject({
      file: '',
      message: expect.stringMatching(/^multiple definition of `x'/),
    });
  });

  it('reads the include dirs, but nothing next to the source: the compiler gets a private copy', async () => {
    const include = join(temp.dir, `include-${randomUUID()}`);
    mkdirSync(include, { mode: 0o755 });
    writeFileSync(join(include, 'answer.h'), 'inline int answer() { return 42; }\n');
    const source = writeOwn(
      'main.cpp',
      '#include "answer.h"\n#include "near.h"\nint main() { return answer() - near; }\n',
    );
    writeFileSync(join(source, '../near.h'), 'const int near = 42;\n');
    const options = { includeDirs: [include], cacheDir, cache: false };
    expect((await compile(source, options)).kind).toBe('ok');
    const boxed = await compile(source, { ...options, sandbox: 'bwrap' });
    expect(boxed.kind).toBe('compile-error');
    expect(boxed.diagnostics[0]).toMatchObject({ file: source, line: 2, message: 'near.h: No such file or directory' });
    const alone = writeOwn('main.cpp', '#include "answer.h"\nint main() { return answer() - 42; }\n');
    expect((await compile(alone, { ...options, sandbox: 'bwrap' })).kind).toBe('ok');
  });

  it('keeps sandboxed and host verdicts apart in the result cache, and keys on no host file', async () => {
    const header = writeOwn('host.h', 'int from_host = 1;\n');
    const code = { code: `#include "${header}"\nint main() { return from_host - 1; }\n`, name: 'main.cpp' };
    const onHost = await compile(code, { cacheDir });
    expect(onHost).toMatchObject({ kind: 'ok', cached: false, sandbox: 'none' });
    const boxed = await compile(code, { cacheDir, sandbox: 'bwrap' });
    expect(boxed).toMatchObject({ kind: 'compile-error', cached: false, sandbox: 'bwrap' });
    expect(await compile(code, { cacheDir, sandbox: 'bwrap' })).toMatchObject({ kind: 'compile-error', cached: true });
    // The sandbox never sees the header, so its key does not read it; the host's key does.
    writeFileSync(header, 'int from_host = 2;\n');
    expect(await compile(code, { cacheDir, sandbox: 'bwrap' })).toMatchObject({ cached: true });
    expect(await compile(code, { cacheDir })).toMatchObject({ kind: 'ok', cached: false });
  });

  it('compile-check --sandbox bwrap quotes source lines of the checked file only (#line can name any file)', async () => {
    const secret = `saferun_secret_${randomUUID().replaceAll('-', '_')}`;
    const hostFile = writeOwn('host.txt', `${secret}\n`);
    const source = writeOwn('line.cpp', `#line 1 "${hostFile}"\nint x = ;\nint y = ;\n`);
    const cli = async (...argv: string[]) => {
      let stdout = '';
      const code = await main([...argv, '--no-cache', source], {
        stdout: (text) => void (stdout += text),
        stderr: () => undefined,
        isTTY: false,
        env: { SAFERUN_CACHE_DIR: cacheDir },
        cwd: temp.dir,
      });
      return { code, stdout };
    };
    const boxed = await cli('--sandbox', 'bwrap');
    expect(boxed.code).toBe(1);
    expect(boxed.stdout).toContain(`${hostFile}:1:9: error: expected primary-expression before ';' token`);
    expect(boxed.stdout).not.toContain(secret);
    // On the host the formatter quotes the named file: the check above can fail.
    expect((await cli()).stdout).toContain(secret);
  });
});

describeWith([needs.gpp(), needs.gcc(), needs.bwrap()], 'compile-check -p in the sandbox', () => {
  it('checks a compile_commands.json project: relative -I flags point home, C and C++', async () => {
    let stdout = '';
    const code = await main(['--sandbox', 'bwrap', '--no-cache', '-p', 'fixtures/compile/project/build'], {
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
      isTTY: false,
      env: { SAFERUN_CACHE_DIR: cacheDir },
      cwd: join(fixtures, '..'),
    });
    expect(stdout).toMatch(/^PASS fixtures\/compile\/project\/src\/add\.cpp/m);
    expect(stdout).toContain('3 passed, 0 failed');
    expect(code).toBe(0);
  });
});

describeWith([needs.clang(), needs.bwrap()], 'compile() with Clang in the sandbox', () => {
  it("uses Clang's own PCH and the header it was built from, and names the source in linker messages", async () => {
    const code = {
      code: '#include <bits/stdc++.h>\nint main() { std::vector<int> v{1, 2}; return int(v.size()) - 2; }\n',
    };
    const options = { cacheDir, compiler: 'clang++', cache: false } as const;
    expect(await compile(code, options)).toMatchObject({ kind: 'ok', pch: true, sandbox: 'none' });
    expect(await compile(code, { ...options, sandbox: 'bwrap' })).toMatchObject({
      kind: 'ok',
      pch: true,
      sandbox: 'bwrap',
    });
    // Clang's linker names the temporary object (in the work dir): the diagnostic names the source.
    const link = await compile(
      { code: 'int f();\nint main() { return f(); }\n', name: 'l.cpp' },
      { ...options, sandbox: 'bwrap' },
    );
    expect(link.diagnostics[0]).toMatchObject({ file: 'l.cpp', message: "undefined reference to `f()'" });
  }, 120_000);
});

describe('compile() sandbox option', () => {
  it('refuses an unknown mode as invalid input naming the option', async () => {
    const result = await compile(join(fixtures, 'program.cpp'), { sandbox: 'yes' as never });
    expect(result).toMatchObject({
      kind: 'invalid-input',
      error: {
        code: 'ERR_INVALID_OPTION',
        message: "Expected `sandbox` to be 'auto', 'bwrap' or 'none', got `\"yes\"` (string)",
      },
    });
  });

  itWith(
    [needs.root(), needs.gpp()],
    'without bubblewrap, bwrap is an error (not a CE) and auto compiles on the host',
    async () => {
      const program = join(fixtures, 'program.cpp');
      const [required, auto, step, cli] = await runInChild(
        [
          { sources: program, options: { sandbox: 'bwrap', cacheDir } },
          { sources: program, options: { sandbox: 'auto', cacheDir } },
          { step: { command: 'true' } },
          { plain: [process.execPath, 'bin/compile-check.js', '--sandbox', 'bwrap', program] },
        ],
        { noBwrap: true },
      );
      const message = "sandbox 'bwrap' was required, but bubblewrap (bwrap) is not installed";
      expect(required).toMatchObject({
        ok: false,
        kind: 'invalid-input',
        error: { code: 'ERR_SANDBOX_UNAVAILABLE', message },
      });
      expect(auto).toMatchObject({ ok: true, kind: 'ok', sandbox: 'none' });
      expect(step).toEqual({ thrown: message });
      expect(cli).toMatchObject({ exitCode: 2, stdout: '' });
      expect(cli.stderr).toContain(`compile-check: ${message}`);
      expect(cli.stderr).toContain('Install bubblewrap (Debian package bubblewrap), or pass --sandbox auto or none.');
    },
    60_000,
  );
});
