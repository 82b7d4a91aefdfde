import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCompileCommands, type CompileCommand } from '../../src/compile/index.js';
import { optionsFromCommand } from '../../src/compile/options-from-command.js';
import { corpus, makeTempDir } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir('compile-commands');
});
afterAll(() => temp.remove());

function database(name: string, text: string): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compile_commands.json'), text);
  return dir;
}

describe('readCompileCommands', () => {
  it('reads the command and arguments forms, a relative file, and a relative directory from the database', async () => {
    const db = await readCompileCommands('project/build', corpus);
    expect(db.ok).toBe(true);
    if (!db.ok) return;
    expect(db.file).toBe(join(corpus, 'project/build/compile_commands.json'));
    const build = join(corpus, 'project/build');
    expect(db.commands).toEqual([
      {
        directory: build,
        file: '../src/add.cpp',
        path: join(corpus, 'project/src/add.cpp'),
        arguments: [
          'c++',
          '-DPROJECT_FLAG=1',
          '-I../include',
          '-O2',
          '-std=c++17',
          '-o',
          'add.o',
          '-c',
          '../src/add.cpp',
        ],
      },
      {
        directory: build,
        file: '../src/main.cpp',
        path: join(corpus, 'project/src/main.cpp'),
        arguments: ['c++', '-I../include', '-O2', '-std=c++17', '-o', 'main.o', '-c', '../src/main.cpp'],
      },
      {
        directory: build,
        file: '../src/checksum.c',
        path: join(corpus, 'project/src/checksum.c'),
        arguments: ['cc', '-O2', '-std=c11', '-Wall', '-o', 'checksum.o', '-c', '../src/checksum.c'],
      },
    ]);
  });

  it('takes the file itself too, and splits a command with quotes as a shell would', async () => {
    const dir = database(
      'quoted',
      JSON.stringify([{ directory: '/src', command: `g++ -DNAME='"a b"' -c "my file.cpp"`, file: 'my file.cpp' }]),
    );
    const db = await readCompileCommands(join(dir, 'compile_commands.json'));
    expect(db.ok && db.commands[0]).toEqual({
      directory: '/src',
      file: 'my file.cpp',
      path: '/src/my file.cpp',
      arguments: ['g++', '-DNAME="a b"', '-c', 'my file.cpp'],
    });
  });

  it.each([
    ['not JSON', '[{"file": ', /^bad\/compile_commands\.json is not valid JSON: /],
    ['not an array', '{"file": "a.cpp"}', /^Expected bad\/compile_commands\.json to hold an array of entries, got `\{/],
    [
      'an entry without a directory',
      '[{"file": "a.cpp", "command": "g++ -c a.cpp"}]',
      /^Expected `directory` of entry 0 of bad\/compile_commands\.json to be a path, got `undefined`/,
    ],
    [
      'an entry without a file',
      '[{"directory": "/", "arguments": ["g++"]}, {"directory": "/", "command": "g++"}]',
      /^Expected `file` of entry 0 of bad\/compile_commands\.json to be a path, got `undefined`/,
    ],
    [
      'arguments that are not strings',
      '[{"directory": "/", "file": "a.cpp", "arguments": ["g++", 1]}]',
      /^Expected `arguments` of entry 0 of bad\/compile_commands\.json to be a non-empty array of strings, got/,
    ],
    [
      'neither arguments nor command',
      '[{"directory": "/", "file": "a.cpp"}]',
      /^Expected entry 0 of bad\/compile_commands\.json to have `arguments` \(an array\) or `command` \(a string\), got neither$/,
    ],
    [
      'an unclosed quote',
      '[{"directory": "/", "file": "a.cpp", "command": "g++ \\"a.cpp"}]',
      /^Cannot split `command` of entry 0 of bad\/compile_commands\.json: Unterminated double quote/,
    ],
  ])('says what is wrong with %s', async (_name, text, message) => {
    database('bad', text);
    const db = await readCompileCommands('bad', temp.dir);
    expect(db.ok).toBe(false);
    if (db.ok) return;
    expect(db.error.code).toBe('ERR_INVALID_COMPILE_COMMANDS');
    expect(db.error.message).toMatch(message);
  });

  it('says when there is no database, or no directory', async () => {
    expect(await readCompileCommands('fixtures', join(corpus, '../..'))).toEqual({
      ok: false,
      error: { code: 'ENOENT', message: 'No compile_commands.json in fixtures' },
    });
    expect(await readCompileCommands('no-such-build', temp.dir)).toEqual({
      ok: false,
      error: { code: 'ENOENT', message: 'No such file or directory: no-such-build' },
    });
  });
});

describe('optionsFromCommand', () => {
  const entry = (args: string[], file = 'src/a.cpp'): CompileCommand => ({
    directory: '/p/build',
    file,
    path: join('/p/build', file),
    arguments: args,
  });

  it("keeps the entry's flags in order, takes -O and -std, and drops the output, -c and dependency files", () => {
    const { source, options } = optionsFromCommand(
      entry([
        '/usr/bin/c++',
        '-DA=1',
        '-I',
        '../include',
        '-UB',
        '-include',
        'config.h',
        '-O3',
        '-std=gnu++17',
        '-fdiagnostics-color=always',
        '-MD',
        '-MT',
        'a.o',
        '-MF',
        'a.o.d',
        '-o',
        'CMakeFiles/a.o',
        '-c',
        'src/a.cpp',
      ]),
    );
    expect(source).toBe('src/a.cpp');
    expect(options).toEqual({
      cwd: '/p/build',
      compiler: '/usr/bin/c++',
      cc: '/usr/bin/c++',
      flags: ['-DA=1', '-I', '../include', '-UB', '-include', 'config.h'],
      compileOnly: true,
      optimize: '-O3',
      std: 'gnu++17',
    });
  });

  it('compiles at -O0 when the entry says nothing, as the compiler would', () => {
    expect(optionsFromCommand(entry(['g++', '-c', 'src/a.cpp'])).options.optimize).toBe('-O0');
  });

  it('skips a launcher (ccache), reads -x, and finds the source given absolute', () => {
    const { options } = optionsFromCommand(entry(['ccache', 'gcc', '-x', 'c', '-c', '/p/build/src/a.cpp']));
    expect(options).toMatchObject({ compiler: 'gcc', language: 'c', flags: [] });
  });

  it('uses the compiler given for the language instead of the entry’s', () => {
    const cpp = optionsFromCommand(entry(['c++', '-c', 'src/a.cpp']), { 'c++': 'clang++', c: 'clang' });
    expect(cpp.options.compiler).toBe('clang++');
    const c = optionsFromCommand(entry(['cc', '-c', 'src/b.c'], 'src/b.c'), { 'c++': 'clang++', c: 'clang' });
    expect(c.options.compiler).toBe('clang');
  });

  it('does not cache an entry with a response file (its contents are not in the key)', () => {
    expect(optionsFromCommand(entry(['g++', '@flags.rsp', '-c', 'src/a.cpp'])).options).toMatchObject({
      cache: false,
      flags: ['@flags.rsp'],
    });
  });
});
