import { mergeProfiles } from './pick-profile.js';
import { probeVersion, versionCommand } from './probe-version.js';
import { resolveTool } from './resolve-tool.js';
import type { LanguageProfile } from './types.js';

/** Whether a language can be judged on this machine, and with which toolchain. */
export interface LanguageStatus {
  id: string;
  name: string;
  extensions: string[];
  /** Every tool the profile names (compiler, interpreter) is installed. */
  usable: boolean;
  /** The version probe's first line, when usable. */
  version?: string;
  /** The tools not found. */
  missing: string[];
}

/** The built-in and given profiles, each with whether its tools are here and their version. */
export async function listLanguages(user: readonly LanguageProfile[] = []): Promise<LanguageStatus[]> {
  return Promise.all(
    mergeProfiles(user).map(async (profile) => {
      const tools = [profile.compile?.command, profile.run.command, versionCommand(profile).command].filter(
        (name): name is string => name !== undefined && !name.startsWith('{'),
      );
      const found = await Promise.all(tools.map((name) => resolveTool(name, profile.locate?.[name])));
      const missing = [...new Set(tools.filter((_, i) => found[i] === undefined))];
      const version = missing.length === 0 ? await probeVersion(profile) : undefined;
      return {
        id: profile.id,
        name: profile.name,
        extensions: profile.extensions,
        usable: missing.length === 0,
        ...(version ? { version } : {}),
        missing,
      };
    }),
  );
}
