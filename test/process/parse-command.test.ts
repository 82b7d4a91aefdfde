import { describe, expect, it } from 'vitest';
import { parseCommand, parseTemplate } from '../../src/process/parse-command.js';
import { SaferunError } from '../../src/shared/index.js';
import { formatCommand, quoteArgument } from '../../src/process/format-command.js';

const template = (strings: TemplateStringsArray, ...values: unknown[]) => parseTemplate(strings, values);

describe('parseCommand', () => {
  it.each([
    ['g++ program.cpp -o program -O2', ['g++', 'program.cpp', '-o', 'program', '-O2']],
    ['echo "a b" c\\ d', ['echo', 'a b', 'c d']],
    ["echo 'it''s' \"x\"y", ['echo', 'its', 'xy']],
    ['  spaced   out\twords\n', ['spaced', 'out', 'words']],
    ['echo "" \'\'', ['echo', '', '']],
    ['echo "say \\"hi\\" \\$HOME \\n"', ['echo', 'say "hi" $HOME \\n']],
    ["echo 'no \\escape here'", ['echo', 'no \\escape here']],
    ['echo a\\\nb', ['echo', 'ab']],
    ['echo trailing\\', ['echo', 'trailing\\']],
  ])('splits %j', (command, argv) => {
    expect(parseCommand(command)).toEqual(argv);
  });

  it.each(['$HOME', '*.cpp', 'a;b', 'a|b', '>out', '$(id)', '`id`', '&&'])('keeps %j as a plain character', (text) => {
    expect(parseCommand(`echo ${text}`)).toEqual(['echo', text]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCommand('echo "open')).toThrow(SaferunError);
    expect(() => parseCommand("echo 'open")).toThrow(/Unterminated single quote/);
  });
});

describe('parseTemplate', () => {
  it('keeps each interpolated value exactly one argument', () => {
    const file = 'my file; rm -rf ~ $(id) "quoted" \'single\'';
    expect(template`g++ ${file} -o ${'out put'}`).toEqual(['g++', file, '-o', 'out put']);
  });

  it('joins a value to the text around it without splitting it', () => {
    expect(template`cc -o${'a b'} --x=${'1 2'}.c`).toEqual(['cc', '-oa b', '--x=1 2.c']);
  });

  it('gives one argument per array element and stringifies numbers', () => {
    expect(template`ls ${['a b', 'c']} ${42}`).toEqual(['ls', 'a b', 'c', '42']);
  });

  it('refuses values that are not strings, numbers or arrays', () => {
    expect(() => template`ls ${{}}`).toThrow(/interpolated value/);
  });
});

describe('formatCommand', () => {
  it('quotes what a shell would read differently, and round-trips through parseCommand', () => {
    const argv = ['g++', 'plain.cpp', 'a b', "it's", '$HOME', ''];
    expect(formatCommand(argv[0]!, argv.slice(1))).toBe(`g++ plain.cpp 'a b' 'it'\\''s' '$HOME' ''`);
    expect(parseCommand(formatCommand(argv[0]!, argv.slice(1)))).toEqual(argv);
    expect(quoteArgument('-O2')).toBe('-O2');
  });
});
