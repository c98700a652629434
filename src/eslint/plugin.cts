/**
 * `require('sls-lint/eslint-plugin')`: the plugin itself, for CommonJS ESLint configs (a default
 * `npm init -y` project). The plugin is an ES module; Node.js loads it from here with require(esm),
 * so both entry points hand out the very same plugin object.
 */
let loaded: typeof import('./plugin.js');
try {
  loaded = require('./plugin.js');
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
  throw new Error(
    `require('sls-lint/eslint-plugin') needs Node.js 20.19+ or 22.12+ (this is ${process.version}). Upgrade Node.js, or load the plugin with import from an eslint.config.mjs.`,
    { cause: error },
  );
}

export = loaded.default;
