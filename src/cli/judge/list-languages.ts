import { listLanguages, type LanguageProfile } from '../../judge/index.js';
import type { CliIo, Paint } from '../kit/index.js';

/** `judge --list-languages`: each language, whether it is usable here, and its toolchain's version. */
export async function printLanguages(
  profiles: readonly LanguageProfile[],
  io: CliIo,
  paint: Paint,
  json: boolean,
): Promise<number> {
  const list = await listLanguages(profiles);
  if (json) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...list.map((language) => language.id.length));
  const extensionsOf = (extensions: string[]) => extensions.join(' ');
  const extWidth = Math.max(...list.map((language) => extensionsOf(language.extensions).length));
  for (const language of list) {
    const state = language.usable
      ? paint('green', language.version ?? 'usable')
      : paint('yellow', `not usable: ${language.missing.join(', ')} not found`);
    io.stdout(`${language.id.padEnd(idWidth)}  ${extensionsOf(language.extensions).padEnd(extWidth)}  ${state}\n`);
  }
  return 0;
}
