/**
 * The ESLint plugin as a user installs it: the packed tarball, `eslint` and `jiti` installed into a
 * fresh folder, and the config snippets of docs/editor.md and the README, as written there, in a
 * default `npm init -y` project (CommonJS), an ES module project and a TypeScript config, each run
 * with the real `eslint` binary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRepo = createRequire(path.join(repo, 'package.json'));
const versionOf = (name: string) => (JSON.parse(readFileSync(requireFromRepo.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

/** The first code block of a document whose first line is `// <name>` (the file the snippet is for). */
function snippet(doc: string, name: string): string {
  const text = readFileSync(path.join(repo, doc), 'utf8');
  for (const [, code] of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) if (code!.startsWith(`// ${name}`)) return code!;
  throw new Error(`${doc} has no snippet for ${name}`);
}

const npmEnv: NodeJS.ProcessEnv = {};
for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) npmEnv[key] = value;
Object.assign(npmEnv, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' });

// Split so that this test file itself does not look like it holds a credential.
const ACCESS_KEY_ID = ['AKIA', 'R7WQ2ZK5TXNM4PLB'].join('');
const handlerBody = (exportLine: string) =>
  `const accessKeyId = '${ACCESS_KEY_ID}';\n${exportLine} async (event) => {\n  const s3 = new S3Client({ region: 'eu-west-1' });\n  return { s3, event, keyLength: accessKeyId.length };\n};\n`;
const CJS_HANDLER = `const { S3Client } = require('@aws-sdk/client-s3');\n${handlerBody('exports.handler =')}`;
const ESM_HANDLER = `import { S3Client } from '@aws-sdk/client-s3';\n${handlerBody('export const handler =')}`;
const TS_HANDLER = `import { S3Client } from '@aws-sdk/client-s3';\nimport type { APIGatewayProxyEvent } from 'aws-lambda';\nconst accessKeyId: string = '${ACCESS_KEY_ID}';\nexport const handler = async (event: APIGatewayProxyEvent) => {\n  const s3 = new S3Client({ region: 'eu-west-1' });\n  return { s3, event, keyLength: accessKeyId.length };\n};\n`;

/** What a user sees from `eslint --format json`: rule and severity (2 error, 1 warning) per message. */
function eslint(root: string, project: string, file: string): string[] {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', file], { cwd: project, env: npmEnv, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; severity: number; line: number }[] }[];
  return result!.messages.map((m) => `${m.line} ${m.ruleId} ${m.severity === 2 ? 'error' : 'warning'}`);
}

const expected = (line: number) => [`${line} sls-lint/hardcoded-secret error`, `${line + 2} sls-lint/client-in-handler warning`];

describe('the ESLint plugin from the packed tarball, in a fresh project', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sls-lint-eslint-'));
    const packed = execFileSync('npm', ['pack', '--pack-destination', root], { cwd: repo, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    writeFileSync(path.join(root, 'package.json'), '{ "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-save', path.join(root, packed), `eslint@${versionOf('eslint')}`, `jiti@${versionOf('jiti')}`, `@typescript-eslint/parser@${versionOf('@typescript-eslint/parser')}`],
      { cwd: root, env: npmEnv, stdio: 'ignore' },
    );
  }, 240_000);

  function project(name: string, files: Record<string, string>, init: 'npm init -y' | 'module'): string {
    const dir = path.join(root, name);
    mkdirSync(dir);
    if (init === 'npm init -y') execFileSync('npm', ['init', '-y'], { cwd: dir, env: npmEnv, stdio: 'ignore' });
    else writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module' }));
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  }

  it('works in a default npm init -y project with require() in eslint.config.js', () => {
    const dir = project(
      'cjs-require',
      {
        'eslint.config.js': snippet('docs/editor.md', 'eslint.config.js'),
        'handler.js': CJS_HANDLER,
      },
      'npm init -y',
    );
    expect((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string }).type ?? 'commonjs').toBe('commonjs');
    expect(eslint(root, dir, 'handler.js')).toEqual(expected(2));
  });

  it.each(['docs/editor.md', 'README.md'])('works in a default npm init -y project with the eslint.config.mjs of %s', (doc) => {
    const dir = project(
      `cjs-mjs-config-${path.basename(doc, '.md')}`,
      {
        'eslint.config.mjs': snippet(doc, 'eslint.config.mjs'),
        'handler.js': CJS_HANDLER,
      },
      'npm init -y',
    );
    expect(eslint(root, dir, 'handler.js')).toEqual(expected(2));
  });

  it('works in an ES module project with import in eslint.config.js', () => {
    const dir = project(
      'esm',
      {
        'eslint.config.js': snippet('docs/editor.md', 'eslint.config.mjs'),
        'handler.js': ESM_HANDLER,
      },
      'module',
    );
    expect(eslint(root, dir, 'handler.js')).toEqual(expected(2));
  });

  it('works with a TypeScript eslint.config.ts and typescript-eslint', () => {
    const dir = project(
      'ts-config',
      {
        'eslint.config.ts': snippet('docs/editor.md', 'eslint.config.ts'),
        'handler.ts': TS_HANDLER,
      },
      'npm init -y',
    );
    expect(eslint(root, dir, 'handler.ts')).toEqual(expected(3));
  });

  it('require() and import give the same plugin object, not a module namespace', () => {
    const dir = project('identity', {}, 'npm init -y');
    const script = "const viaRequire = require('sls-lint/eslint-plugin');\nimport('sls-lint/eslint-plugin').then((m) => console.log(JSON.stringify({ same: m.default === viaRequire, keys: Object.keys(viaRequire).sort() })));\n";
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: npmEnv, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ same: true, keys: ['configs', 'meta', 'rules'] });
  });
});
