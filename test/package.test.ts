/** The package as published: its metadata, what the tarball holds, and how it is released. */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { docsUrl } from '../src/engine/rule.js';
import { formatResult } from '../src/report/index.js';
import { minifiedCompilerName, requireTypeScript } from '../src/source/program.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  homepage: string;
  repository: { type: string; url: string };
  bugs: { url: string };
  bin: Record<string, string>;
  exports: Record<string, unknown>;
};
const REPOSITORY = 'https://github.com/sls-lint/sls-lint';

describe('package metadata', () => {
  it('has a LICENSE file for the license package.json declares', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(repo, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('points repository, homepage and bugs at the URL that rule help, SARIF and --help use', async () => {
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` });
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
    expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
    expect(docsUrl('queue-redrive')).toBe(`${REPOSITORY}/blob/main/docs/rules/queue-redrive.md`);
    const sarif = JSON.parse(
      formatResult({ root: repo, cwd: repo, findings: [], skipped: [], notices: [], handlers: [], rules: [], stats: { filesSeen: 0, templates: 0, functions: 0, bytesRead: 0 } }, 'sarif', { color: false, toolVersion: pkg.version, quiet: false }),
    ) as { runs: { tool: { driver: { informationUri: string } } }[] };
    expect(sarif.runs[0]!.tool.driver.informationUri).toBe(REPOSITORY);
    let help = '';
    await main(['--help'], { stdout: (t) => void (help += t), stderr: () => {}, cwd: repo, env: {}, stdoutIsTTY: false });
    expect(help).toContain(`Docs: ${pkg.homepage}`);
  });
});

describe('the TypeScript compiler', () => {
  it('is the copy ts-morph pins, loaded without ts-morph\'s wrapper, and the same functions ts-morph exports', async () => {
    const ts = requireTypeScript();
    const { ts: fromTsMorph } = await import('ts-morph');
    expect(ts.version).toMatch(/^6\.0\./);
    expect(ts.version).toBe(fromTsMorph.version);
    // Not ts-morph's namespace object (that would mean the fallback ran), but the very same functions.
    expect(ts).not.toBe(fromTsMorph);
    expect(ts.createSourceFile).toBe(fromTsMorph.createSourceFile);
    expect(ts.SyntaxKind.ArrowFunction).toBe(fromTsMorph.SyntaxKind.ArrowFunction);
  });
});

describe('the tarball', () => {
  // The build (tsc) has run before the tests; packing without scripts lists what would be published.
  const files = (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);

  it('holds no source maps (their sources are not published), and the license', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toContain('LICENSE');
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.cts'))).toBe(false);
  });

  it('holds the bundled CLI that bin runs, its worker thread beside it, and the package.json that makes them CommonJS', () => {
    expect(readFileSync(path.join(repo, pkg.bin['sls-lint']!), 'utf8')).toContain("require('../dist/bundle/launch.js')");
    expect(JSON.parse(readFileSync(path.join(repo, 'bin', 'package.json'), 'utf8')).type).toBe('commonjs');
    expect(files).toEqual(expect.arrayContaining(['bin/package.json', 'dist/bundle/launch.js', 'dist/bundle/cli.js', 'dist/bundle/worker.js', 'dist/bundle/package.json']));
  });

  it('holds the minified TypeScript compiler with its licence header', () => {
    const compiler = createRequire(createRequire(import.meta.url).resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
    const minified = `dist/bundle/${minifiedCompilerName(statSync(compiler).size)}`;
    expect(files).toContain(minified);
    expect(readFileSync(path.join(repo, minified), 'latin1').slice(0, 400)).toContain('Licensed under the Apache License, Version 2.0');
  });

  it('holds every file that bin and exports name', () => {
    const targets = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap(targets));
    for (const target of [...Object.values(pkg.bin), ...targets(pkg.exports)]) expect(files, target).toContain(target.replace(/^\.\//, ''));
  });
});

describe('releases', () => {
  const workflow = readFileSync(path.join(repo, '.github', 'workflows', 'release.yml'), 'utf8');

  it('are tested, published with provenance, then tagged v<version>', () => {
    const test = workflow.indexOf('run: .ci/run');
    const publish = workflow.indexOf('npm publish --provenance');
    const tag = workflow.indexOf('git tag "v${{ steps.version.outputs.version }}"');
    expect(test).toBeGreaterThan(0);
    expect(publish).toBeGreaterThan(test);
    expect(tag).toBeGreaterThan(publish);
    expect(workflow).toMatch(/id-token: write/);
  });

  it('are the tags the docs name: pre-commit rev and git installs', () => {
    expect(readFileSync(path.join(repo, 'docs', 'pre-commit.md'), 'utf8')).toMatch(new RegExp(`rev: v${pkg.version.replace(/\./g, '\\.')}\\b`));
    expect(readFileSync(path.join(repo, 'docs', 'getting-started.md'), 'utf8')).toContain(`#v${pkg.version}`);
  });
});
