import { isAbsolute, relative, resolve } from 'node:path';
import type { CompileResult, Diagnostic } from '../../compile/index.js';

// GitHub's workflow command rules: the message escapes %, CR and LF; a property also : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * How annotations name a file: relative to `$GITHUB_WORKSPACE` (the checkout) when it is inside
 * it, which is what GitHub matches against the repository; else as the compiler named it.
 */
export function makeAnnotationPath(cwd: string, env: NodeJS.ProcessEnv): (file: string) => string {
  const workspace = env.GITHUB_WORKSPACE ? resolve(env.GITHUB_WORKSPACE) : undefined;
  return (file) => {
    if (!workspace) return file;
    const inside = relative(workspace, resolve(cwd, file));
    return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside;
  };
}

function describe(d: Diagnostic): string {
  return `${d.message}${d.option ? ` [${d.option}]` : ''}`;
}

function noteLine(d: Diagnostic): string {
  const where =
    d.file === '' ? '' : `${d.file}:${d.line > 0 ? `${d.line}:` : ''}${d.column > 0 ? `${d.column}:` : ''} `;
  return `${where}note: ${d.message}`;
}

/**
 * One `::error` or `::warning` workflow command per error and warning of a file, its notes
 * folded into its message; a message that names no file (the linker's) points at the file checked.
 * @example
 * ::error file=src/a.cpp,line=3,col=5::expected ';' before '}' token
 */
export function formatAnnotations(path: string, result: CompileResult, show: (file: string) => string): string {
  const groups: { head: Diagnostic; notes: Diagnostic[] }[] = [];
  for (const d of result.diagnostics) {
    const last = groups.at(-1);
    if (d.severity === 'note' && last) last.notes.push(d);
    else groups.push({ head: d, notes: [] });
  }
  let text = '';
  for (const { head, notes } of groups) {
    const command = head.severity === 'note' ? 'notice' : head.severity;
    const properties = [`file=${escapeProperty(show(head.file === '' ? path : head.file))}`];
    if (head.line > 0) properties.push(`line=${head.line}`);
    if (head.column > 0) properties.push(`col=${head.column}`);
    const message = [describe(head), ...notes.map(noteLine)].join('\n');
    text += `::${command} ${properties.join(',')}::${escapeData(message)}\n`;
  }
  return text;
}
