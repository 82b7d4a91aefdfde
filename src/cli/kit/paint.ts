import { styleText } from 'node:util';
import type { CliIo } from './io.js';

type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb; FORCE_COLOR forces it. */
export function makePaint(io: Pick<CliIo, 'isTTY' | 'env'>): Paint {
  const env = io.env ?? {};
  const forced = Boolean(env.FORCE_COLOR) && env.FORCE_COLOR !== '0';
  const colour = !env.NO_COLOR && ((Boolean(io.isTTY) && env.TERM !== 'dumb') || forced);
  // styleText itself looks at process.stdout; the decision here is the tool's own.
  return colour ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}
