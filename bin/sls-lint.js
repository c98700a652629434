#!/usr/bin/env node
import { createRequire } from 'node:module';

// The CLI is a CommonJS bundle, loaded through V8's code cache (src/launch.ts).
const { loadCli } = createRequire(import.meta.url)('../dist/bundle/launch.js');
process.exitCode = await loadCli().main(process.argv.slice(2));
