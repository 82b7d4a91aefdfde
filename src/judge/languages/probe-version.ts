import { execFile } from '../../process/index.js';
import type { LanguageProfile } from './types.js';
import { resolveTool } from './resolve-tool.js';

const versions = new Map<string, Promise<string | undefined>>();

/** The tool whose version names the toolchain: the version probe's, else the compile's, else the run's. */
export function versionCommand(profile: LanguageProfile): { command: string; args: string[] } {
  if (profile.version) return { command: profile.version.command, args: profile.version.args ?? [] };
  const command = profile.compile?.command ?? profile.run.command;
  return { command, args: ['--version'] };
}

/** The first line the version probe prints (stdout, else stderr: `java -version`); undefined when the tool is missing. Once per process. */
export function probeVersion(profile: LanguageProfile): Promise<string | undefined> {
  const { command, args } = versionCommand(profile);
  const key = JSON.stringify([command, args, profile.locate?.[command] ?? null]);
  let found = versions.get(key);
  if (!found) {
    found = (async () => {
      const tool = await resolveTool(command, profile.locate?.[command]);
      if (!tool) return undefined;
      const result = await execFile(tool.path, args, { timeout: 20_000 });
      if (!result.ok) return undefined;
      const text = result.stdout.trim() || result.stderr.trim();
      return text.split('\n')[0]?.trim() ?? '';
    })().catch(() => undefined);
    versions.set(key, found);
  }
  return found;
}
