import type { Diagnostic } from './types.js';

// file:line:col: severity: message   (also file:line: severity: message)
const LOCATED =
  /^(.+?):(\d+)(?::(\d+))?: (fatal error|error|warning|note|sorry, unimplemented|internal compiler error): (.*)$/;
// g++: error: ...   cc1plus: fatal error: ...   collect2: error: ld returned 1 exit status
// g++: internal compiler error: Segmentation fault signal terminated program cc1plus
const TOOL = /^([^\s:]+): (fatal error|error|warning|note|sorry, unimplemented|internal compiler error): (.*)$/;
// Clang's messages about no file: `fatal error: malformed or corrupted AST file: '...'`.
const BARE = /^(fatal error|error|warning|note): (.*)$/;
// The linker names a place by section: `a.cpp:(.text+0x5): undefined reference to `g()'`, or with
// no file at all when the caller is in the C runtime: `(.text+0x17): undefined reference to `main'`.
const LINKER = /^(?:(.+?):)?\((\.[^\s)]*)\): (.*)$/;
// With debug info it names the line: `/tmp/a.cpp:2: undefined reference to `f()'`, and after `ld:`
// the object first: `/tmp/cc1.o:/tmp/a.cpp:1: multiple definition of `x'; ...`.
const LINKER_LINE =
  /^(?:[^\s:]+\.o:)?(.+?):(\d+): ((?:undefined reference to|multiple definition of|more undefined references to|relocation truncated to fit)\b.*)$/;
const LD = /^(?:\S*\/)?ld(?:\.\w+)?: (.*)$/;
const IN_FUNCTION = /: in function [`'].*':$/;

function toSeverity(word: string): Diagnostic['severity'] {
  return word === 'warning' || word === 'note' ? word : 'error';
}

/** Parses one line of compiler or linker text output; `undefined` for context lines and source excerpts. */
function parseTextLine(line: string): Diagnostic | undefined {
  const located = LOCATED.exec(line);
  if (located) {
    const [, file, row, column, severity, message] = located;
    return withOption({
      file: file!,
      line: Number(row),
      column: column ? Number(column) : 0,
      severity: toSeverity(severity!),
      message: message!,
    });
  }
  const bare = BARE.exec(line);
  if (bare) return withOption({ file: '', line: 0, column: 0, severity: toSeverity(bare[1]!), message: bare[2]! });
  const tool = TOOL.exec(line);
  if (tool) {
    // `error` and `warning` are the severity; `internal compiler error` is news the reader must get.
    const words = /^(?:internal|sorry)/.test(tool[2]!) ? `${tool[2]}: ` : '';
    return { file: '', line: 0, column: 0, severity: toSeverity(tool[2]!), message: `${tool[1]}: ${words}${tool[3]}` };
  }
  if (line.startsWith(' ')) return undefined;
  // `/usr/bin/ld: ...`: what follows is read like a line of its own.
  const ld = LD.exec(line);
  const body = ld ? ld[1]! : line;
  if (IN_FUNCTION.test(body)) return undefined;
  const linked = LINKER_LINE.exec(body);
  if (linked) return { file: linked[1]!, line: Number(linked[2]), column: 0, severity: 'error', message: linked[3]! };
  const linker = LINKER.exec(body);
  if (linker) return { file: linker[1] ?? '', line: 0, column: 0, severity: 'error', message: linker[3]! };
  if (ld) {
    const warning = /^(?:\S+: )?warning: (.*)$/.exec(body);
    return {
      file: '',
      line: 0,
      column: 0,
      severity: warning ? 'warning' : 'error',
      message: warning ? warning[1]! : body,
    };
  }
  return undefined;
}

// "unused variable 'y' [-Wunused-variable]" keeps the message and records the option.
function withOption(diagnostic: Diagnostic): Diagnostic {
  const match = / \[(-W[^\]]+)\]$/.exec(diagnostic.message);
  if (match) {
    diagnostic.message = diagnostic.message.slice(0, match.index);
    diagnostic.option = match[1]!.split('=')[0]!;
  }
  return diagnostic;
}

/** Parses GCC's or Clang's text diagnostics, and linker errors, line by line. */
export function parseTextDiagnostics(text: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of text.split(/\r?\n/)) {
    const diagnostic = parseTextLine(line);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return diagnostics;
}
