import type { Diagnostic } from './types.js';

interface RawLocation {
  caret?: { file?: string; line?: number; column?: number; 'byte-column'?: number };
}
interface RawDiagnostic {
  kind?: string;
  message?: string;
  option?: string;
  locations?: RawLocation[];
  children?: RawDiagnostic[];
}

function toSeverity(kind: string | undefined): Diagnostic['severity'] {
  if (kind === 'warning' || kind === 'note') return kind;
  // 'error', 'fatal error', 'sorry', 'internal compiler error', ... all stop the build.
  return 'error';
}

function flatten(raw: RawDiagnostic, into: Diagnostic[]): void {
  const caret = raw.locations?.[0]?.caret;
  const diagnostic: Diagnostic = {
    file: caret?.file ?? '',
    line: caret?.line ?? 0,
    // `column` counts a tab to the next multiple of 8; bytes are what Clang says too (see source-columns.ts).
    column: caret?.['byte-column'] ?? caret?.column ?? 0,
    severity: toSeverity(raw.kind),
    message: raw.message ?? '',
  };
  if (raw.option && raw.option.startsWith('-W')) diagnostic.option = raw.option;
  into.push(diagnostic);
  for (const child of raw.children ?? []) flatten(child, into);
}

/**
 * Yields each complete top-level `{...}` of a JSON array, even when the array was cut short
 * (the compiler killed at the output limit): the objects that fit are kept.
 */
function* scanTopLevelObjects(text: string, start: number): Generator<string> {
  let depth = 0;
  let inString = false;
  let objectStart = -1;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b) {
      if (depth === 0) objectStart = i;
      depth++;
    } else if (c === 0x7d) {
      depth--;
      if (depth === 0 && objectStart >= 0) yield text.slice(objectStart, i + 1);
    } else if (c === 0x5d && depth === 0) return;
  }
}

/**
 * GCC writes control characters of a message or a file name raw into its JSON strings, which
 * JSON forbids (`#error` with an ESC, a file named `bell\x01.cpp`): escaped, the object parses.
 */
function parseObject(object: string): RawDiagnostic {
  try {
    return JSON.parse(object) as RawDiagnostic;
  } catch {
    // eslint-disable-next-line no-control-regex -- the control characters are what is escaped
    const escaped = object.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return JSON.parse(escaped) as RawDiagnostic;
  }
}

/** Parses one line of GCC's `-fdiagnostics-format=json` output (complete or cut short). */
export function parseJsonDiagnostics(text: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const start = text.indexOf('[');
  if (start < 0) return diagnostics;
  for (const object of scanTopLevelObjects(text, start + 1)) {
    try {
      flatten(parseObject(object), diagnostics);
    } catch {
      // A malformed object is skipped, not fatal: the raw stderr is kept in the result.
    }
  }
  return diagnostics;
}
