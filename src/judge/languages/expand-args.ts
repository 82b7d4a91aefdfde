import { basename, extname } from 'node:path';

/** The values of a profile's placeholders for one submission. */
export interface Placeholders {
  main: string;
  sources: readonly string[];
  dir?: string;
  memoryMb?: number;
  stackMb?: number;
}

/** A runtime's own share (JVM metaspace and code, V8 outside its heap): the heap gets the rest. */
function heapOf(memoryMb: number): number {
  return Math.max(Math.floor(memoryMb / 2), Math.floor(memoryMb - 64), 1);
}

/** The JVM refuses a thread stack over 1 GiB (`-Xss2048m` does not start): no runtime needs more. */
const MAX_STACK_MB = 1024;

function valuesOf(p: Placeholders): Record<string, string | undefined> {
  const memory = p.memoryMb ?? 256;
  return {
    main: p.main,
    mainBase: basename(p.main, extname(p.main)),
    dir: p.dir,
    memoryMb: String(Math.max(1, Math.floor(memory))),
    stackMb: String(Math.min(MAX_STACK_MB, Math.max(1, Math.floor(p.stackMb ?? memory)))),
    heapMb: String(heapOf(memory)),
  };
}

/** Replaces `{name}` placeholders in one string; an unknown one is left as it is. */
export function expandText(text: string, p: Placeholders): string {
  const values = valuesOf(p);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Expands arguments; `{sources}` as a whole argument becomes one argument per source. */
export function expandArgs(args: readonly string[], p: Placeholders): string[] {
  return args.flatMap((arg) => (arg === '{sources}' ? [...p.sources] : [expandText(arg, p)]));
}
