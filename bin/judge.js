#!/usr/bin/env node
import { main } from '../dist/cli/judge/main.js';
process.exitCode = await main(process.argv.slice(2));
