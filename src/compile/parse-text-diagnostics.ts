import type { Diagnostic } from './types.js';

// file:line:col: severity: message   (also file:line: severity: message)
const LOCATED =
  /^(.+?):(\d+)(?::(\d+))?: (fatal error|error|warning|note|sorry, unimplemented|internal compiler error): (.*)$/;
// g++: error: ...   cc1plus: fatal error: ...   collect2: error: ld returned 1 exit status
const TOOL = /^([^\s:]+): (fatal error|error|warning|note): (.*)$/;
// file.cpp:(.text+0x5): undefined reference to `g()'   /usr/bin/ld: x.o: in function `main':
const LINKER = /^(.+?):\(([^)]*)\): (.*)$/;
const LD = /^(?:\S*\/)?ld(?:\.\w+)?: (.*)$/;

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
  const tool = TOOL.exec(line);
  if (tool) return { file: '', line: 0, column: 0, severity: toSeverity(tool[2]!), message: `${tool[1]}: ${tool[3]}` };
  const linker = LINKER.exec(line);
  if (linker && !line.startsWith(' '))
    return { file: linker[1]!, line: 0, column: 0, severity: 'error', message: linker[3]! };
  const ld = LD.exec(line);
  if (ld && !/: in function [`'].*':$/.test(line)) {
    const warning = /^(?:\S+: )?warning: (.*)$/.exec(ld[1]!);
    return {
      file: '',
      line: 0,
      column: 0,
      severity: warning ? 'warning' : 'error',
      message: warning ? warning[1]! : ld[1]!,
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
