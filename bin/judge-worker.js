#!/usr/bin/env node
import { main } from '../dist/cli/judge-worker/main.js';
process.exitCode = await main(process.argv.slice(2));
// Stopped: nothing is left to do. A connection attempt to a Redis that never answered can keep a
// socket open until its connect timeout (10 s); do not wait for it.
setTimeout(() => process.exit(), 200).unref();
