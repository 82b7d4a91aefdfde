import { SaferunError } from '../shared/index.js';

/** Whether `error` is Node's "cannot find package NAME" (ESM or CommonJS resolution). */
export function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`'${name}/`));
}

/** The one message for a missing optional peer dependency: what needs it, and the command that installs it. */
export function missingPackageError(name: string, neededBy: string): SaferunError {
  return new SaferunError(
    'ERR_MISSING_PACKAGE',
    `${neededBy} needs the \`${name}\` package, which is not installed: npm install ${name}`,
  );
}
