#!/usr/bin/env node
import { isMissingPackage, missingPackageError } from '../dist/queue/missing-package.js';

let main;
try {
  ({ main } = await import('../dist/cli/judge-worker/main.js'));
} catch (error) {
  // BullMQ is an optional peer dependency of saferun: say which package to install, not a stack trace.
  if (!isMissingPackage(error, 'bullmq')) throw error;
  process.stderr.write(`judge-worker: ${missingPackageError('bullmq', 'judge-worker').message}\n`);
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
// Stopped: nothing is left to do. A connection attempt to a Redis that never answered can keep a
// socket open until its connect timeout (10 s); do not wait for it.
setTimeout(() => process.exit(), 200).unref();
