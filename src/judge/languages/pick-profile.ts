import { basename, extname } from 'node:path';
import { BUILTIN_PROFILES } from './builtin-profiles.js';
import type { LanguageProfile } from './types.js';

/** The built-in profiles with the user's over them: same id replaces, a new id is added (and wins an extension). */
export function mergeProfiles(user: readonly LanguageProfile[] = []): LanguageProfile[] {
  const ids = new Set(user.map((profile) => profile.id));
  return [...user, ...BUILTIN_PROFILES.filter((profile) => !ids.has(profile.id))];
}

/** The profile named by `language`, else the one whose extensions hold the entry point's; throws a message naming the choices. */
export function pickProfile(profiles: readonly LanguageProfile[], main: string, language?: string): LanguageProfile {
  const ids = profiles.map((profile) => profile.id).join(', ');
  if (language !== undefined) {
    const found = profiles.find((profile) => profile.id === language);
    if (!found) throw new Error(`Expected \`language\` to be one of ${ids}, got \`${language}\``);
    return found;
  }
  const extension = extname(main);
  const found = profiles.find((profile) => profile.extensions.includes(extension));
  if (!found)
    throw new Error(`no language has the extension of ${basename(main)}: name one with \`language\` (${ids})`);
  return found;
}
