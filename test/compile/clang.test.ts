import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPch, compile } from '../../src/compile/index.js';
import { execFile } from '../../src/process/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { corpus, makeTempDir, runCompileCheck } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let cacheDir: string;
beforeAll(() => {
  temp = makeTempDir('clang');
  cacheDir = join(temp.dir, 'cache');
});
afterAll(() => temp.remove());

function cli(argv: string[]) {
  return runCompileCheck(argv, { env: { SAFERUN_CACHE_DIR: cacheDir } });
}

const clang = (source: Parameters<typeof compile>[0], options: Parameters<typeof compile>[1] = {}) =>
  compile(source, { compiler: 'clang++', cc: 'clang', cacheDir, cwd: corpus, ...options });

describeWith([needs.clang(), needs.gpp()], 'Clang', () => {
  it('gets the same verdicts as GCC on the corpus (contest and errors)', async () => {
    // Long enough for a contest program on a loaded machine. The template bomb never ends, so
    // the errors get less: each of them fails either way.
    const verdicts = async (compiler: string) => {
      const run = async (dir: string, timeout: string) => {
        const { stdout } = await cli(['--json', '--timeout', timeout, '--compiler', compiler, dir]);
        return (JSON.parse(stdout) as { results: { path: string; ok: boolean }[] }).results;
      };
      const results = [...(await run('contest', '30s')), ...(await run('errors', '8s'))];
      return results.map((r) => [r.path, r.ok]);
    };
    const gcc = await verdicts('g++');
    expect(gcc.filter(([, ok]) => ok)).toHaveLength(16);
    expect(gcc.filter(([, ok]) => !ok)).toHaveLength(6);
    expect(await verdicts('clang++')).toEqual(gcc);
  }, 240_000);

  it("reads Clang's diagnostics: file, line, column, the warning option", async () => {
    const failed = await clang('errors/syntax-error.cpp', { cache: false });
    expect(failed.kind).toBe('compile-error');
    expect(failed.diagnostics).toEqual([
      {
        file: 'errors/syntax-error.cpp',
        line: 4,
        column: 18,
        severity: 'error',
        message: "expected ';' at end of declaration",
      },
    ]);
    const warned = await clang('warnings/warnings-only.cpp', { cache: false });
    expect(warned.ok).toBe(true);
    expect(warned.diagnostics.map((d) => d.option)).toEqual(['-Wreturn-type', '-Wconstant-conversion']);
  });

  it("keeps the linker's lines: undefined references, with the source named", async () => {
    const link = await clang('errors/link-error.cpp', { cache: false });
    expect(link.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['errors/link-error.cpp', "undefined reference to `solve(int)'"],
      ['', 'clang: linker command failed with exit code 1 (use -v to see invocation)'],
    ]);
    const noMain = await clang('project/src/add.cpp', { includeDirs: ['project/include'], defines: ['PROJECT_FLAG'] });
    expect(noMain.diagnostics[0]).toMatchObject({ severity: 'error', message: "undefined reference to `main'" });
  });

  it('builds and uses a PCH of its own (-include-pch), and rebuilds it when its header is gone', async () => {
    const built = await buildPch({ compiler: 'clang++', cacheDir });
    expect(built).toMatchObject({ ok: true });
    const output = join(temp.dir, 'sorted');
    const code =
      '#include <bits/stdc++.h>\nint main() { std::vector<int> v{3, 1, 2}; std::sort(v.begin(), v.end()); std::cout << v[0] << v[2]; }\n';
    const result = await clang({ code, name: 'sorted.cpp' }, { cache: false, output });
    expect(result).toMatchObject({ ok: true, pch: true });
    expect(result.command).toContain(`-include-pch ${built.dir!}/stdc++.h.pch`);
    expect((await execFile(output)).stdout).toBe('13');
    // Clang checks the header it built from on every use: without it, the PCH is rebuilt.
    rmSync(join(cacheDir, 'pch', 'clang-stdc++.h'));
    const again = await clang('contest/02-segment-tree.cpp', { cache: false });
    expect(again).toMatchObject({ ok: true, pch: true });
  }, 120_000);

  it('leaves the PCH out when code comes before <bits/stdc++.h> (it would change the header)', async () => {
    // _GLIBCXX_DEBUG switches the library to its checked containers: a PCH included first would not be.
    const code =
      '#define _GLIBCXX_DEBUG\n#include <bits/stdc++.h>\nint main() { std::vector<int> v(2); return v[1]; }\n';
    const result = await clang({ code, name: 'debug-first.cpp' }, { cache: false });
    expect(result.kind).toBe('ok');
    expect(result.pch).toBeUndefined();
    expect(result.command).not.toContain('-include-pch');
  });

  it('checks C with clang, and a project with clang++ and clang instead of its own compilers', async () => {
    const c = await cli(['-c', '--cc', 'clang', '--json', 'project/src/checksum.c']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).results[0].command).toMatch(/^clang -O2 /);
    const project = await cli(['-p', 'project/build', '--compiler', 'clang++', '--cc', 'clang', '--json']);
    expect(project.code).toBe(0);
    const doc = JSON.parse(project.stdout) as { compilers: string[]; results: { command: string }[] };
    expect(doc.compilers).toEqual([expect.stringMatching(/clang version/)]);
    expect(doc.results.map((r) => r.command.split(' ')[0])).toEqual(['clang++', 'clang++', 'clang']);
  });
});
