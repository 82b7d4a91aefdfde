// The `saferun/queue` entry point. BullMQ (and ioredis under it) is an optional peer dependency:
// a user who never imports the queue does not install it. A static import would fail while
// linking, before any code runs, with Node's bare "Cannot find package"; a dynamic import lets
// this module say which package to install.
import { isMissingPackage, missingPackageError } from './missing-package.js';

let queue: typeof import('./index.js');
try {
  queue = await import('./index.js');
} catch (error) {
  if (isMissingPackage(error, 'bullmq')) throw missingPackageError('bullmq', '`saferun/queue`');
  throw error;
}

export const { createJudgeQueue, startJudgeWorker, normalizeConnection, validateJob, MAX_PROGRESS_INTERVAL_MS } = queue;
export type * from './index.js';
