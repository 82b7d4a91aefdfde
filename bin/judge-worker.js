#!/usr/bin/env node
import { main } from '../dist/cli/judge-worker.js';
process.exitCode = await main(process.argv.slice(2));
