import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLanguages, prepareProgram, type LanguageProfile } from '../../../src/judge/languages/index.js';
import { describeWith, needs } from '../../helpers/requirements.js';
import { CACHE_DIR, fixture } from '../helpers.js';

const workDir = () => mkdtempSync(join(tmpdir(), 'saferun-prepare-test-'));
const missingTool: LanguageProfile = {
  id: 'nothing',
  name: 'Nothing',
  extensions: ['.nothing'],
  run: { command: 'saferun-no-such-tool', args: ['{dir}/{main}'] },
};

describeWith([needs.bwrap(), needs.python(), needs.java()], 'prepareProgram()', () => {
  it('Python: the real interpreter (not a shim), its prefix read-only, the entry point in the program dir', async () => {
    const program = await prepareProgram(
      { files: [fixture('languages/py-module/main.py'), fixture('languages/py-module/helper.py')] },
      workDir(),
      { sandbox: 'bwrap', cacheDir: CACHE_DIR },
    );
    if (program.kind !== 'ready') throw new Error(program.message);
    expect(program.language).toBe('python');
    expect(program.command).not.toMatch(/shims/);
    expect(program.args).toEqual([join(program.dir, 'main.py')]);
    expect(program.readOnlyPaths[0]).toBe(program.dir);
    if (!program.command.startsWith('/usr/')) expect(program.readOnlyPaths.length).toBeGreaterThan(1);
    expect(program.env).toMatchObject({ PYTHONDONTWRITEBYTECODE: '1' });
  }, 60_000);

  it('Java: the heap and stack follow the limits', async () => {
    const program = await prepareProgram({ files: [fixture('languages/java-ac/Main.java')] }, workDir(), {
      sandbox: 'bwrap',
      cacheDir: CACHE_DIR,
      memoryLimitMb: 256,
      stackLimitMb: 64,
    });
    if (program.kind !== 'ready') throw new Error(program.message);
    expect(program.args).toEqual(expect.arrayContaining(['-Xmx192m', '-Xss64m', 'Main']));
    // The stack defaults to the memory limit, but the JVM refuses a thread stack over 1 GiB.
    const big = await prepareProgram({ files: [fixture('languages/java-ac/Main.java')] }, workDir(), {
      sandbox: 'bwrap',
      cacheDir: CACHE_DIR,
      memoryLimitMb: 2048,
    });
    if (big.kind !== 'ready') throw new Error(big.message);
    expect(big.args).toEqual(expect.arrayContaining(['-Xmx1984m', '-Xss1024m', 'Main']));
  }, 60_000);
});

describe('prepareProgram() failures', () => {
  it('a missing toolchain is internal-error naming the tool', async () => {
    const program = await prepareProgram({ files: [fixture('languages/ac.py')] }, workDir(), {
      sandbox: 'none',
      languages: [{ ...missingTool, extensions: ['.py'] }],
    });
    expect(program).toEqual({
      kind: 'internal-error',
      message: 'the nothing language needs `saferun-no-such-tool`, which is not installed here (not on PATH)',
    });
  });

  it('a file name that reads as an option is internal-error', async () => {
    const dir = workDir();
    const file = join(dir, '-o.py');
    writeFileSync(file, 'print(1)\n');
    const program = await prepareProgram({ files: [file] }, workDir(), { sandbox: 'none' });
    expect(program).toEqual({ kind: 'internal-error', message: 'the file name -o.py starts with `-`: rename it' });
  });

  it('two files of one name are internal-error', async () => {
    const file = fixture('languages/ac.py');
    const program = await prepareProgram({ files: [file, file] }, workDir(), { sandbox: 'none' });
    expect(program).toMatchObject({
      kind: 'internal-error',
      message: expect.stringMatching(/two files are named ac\.py/),
    });
  });
});

describe('listLanguages()', () => {
  it('says which languages are usable here, with versions, and which tools are missing', async () => {
    const list = await listLanguages([missingTool]);
    expect(list.map((language) => language.id)).toEqual([
      'nothing',
      'c',
      'cpp',
      'python',
      'java',
      'javascript',
      'rust',
      'go',
    ]);
    expect(list[0]).toMatchObject({ usable: false, missing: ['saferun-no-such-tool'] });
    const node = list.find((language) => language.id === 'javascript');
    expect(node).toMatchObject({ usable: true, version: process.version });
  });

  for (const [id, requirement, version] of [
    ['python', needs.python, /^Python 3\./],
    ['java', needs.java, /^javac 1\d/],
    ['rust', needs.rustc, /^rustc 1\./],
    ['go', needs.go, /^go version go1\./],
    ['c', needs.gcc, /gcc/],
  ] as const) {
    describeWith([requirement()], `listLanguages() ${id}`, () => {
      it('is usable with its version', async () => {
        const found = (await listLanguages()).find((language) => language.id === id);
        expect(found).toMatchObject({ usable: true, version: expect.stringMatching(version), missing: [] });
      });
    });
  }
});
