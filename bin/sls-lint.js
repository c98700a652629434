#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), which Node starts a few ms sooner than an ES module. The CLI is a
// CommonJS bundle, loaded through V8's code cache (src/launch.ts).
require('../dist/bundle/launch.js')
  .loadCli()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
