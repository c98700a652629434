/** CDK synth output: discovery from manifest.json, construct paths in messages, handlers linked back to source. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { UsageError } from '../src/errors.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cdk-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const manifest = JSON.stringify({ version: '39.0.0', artifacts: { AppStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'AppStack.template.json' } } } });
const template = (assetPath: string) =>
  JSON.stringify(
    {
      Resources: {
        HandlerFn1A2B3C4D: {
          Type: 'AWS::Lambda::Function',
          Properties: { Code: { S3Bucket: 'b', S3Key: 'k.zip' }, Handler: 'handler.main', Runtime: 'nodejs24.x', MemorySize: 256, Timeout: 5, Role: 'arn:aws:iam::123456789012:role/r' },
          Metadata: { 'aws:cdk:path': 'AppStack/HandlerFn/Resource', 'aws:asset:path': assetPath, 'aws:asset:property': 'Code' },
        },
      },
    },
    null,
    1,
  );
const handlerSource = "const { S3Client } = require('@aws-sdk/client-s3');\n\nexports.main = async () => {\n  const s3 = new S3Client({});\n  return s3.config.region();\n};\n";

async function run(dir: string, cdkOut?: string[]) {
  return lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir, preset: 'all' }), ...(cdkOut ? { cdkOut } : {}) });
}

describe('CDK cloud assemblies', () => {
  it('reads the templates manifest.json lists, names the construct, and links a staged copy back to the source file', async () => {
    const dir = project({
      'cdk.json': '{"app": "node bin/app.js"}',
      'lambda/handler.js': handlerSource,
      'cdk.out/manifest.json': manifest,
      'cdk.out/AppStack.template.json': template('asset.0a1b2c'),
      'cdk.out/asset.0a1b2c/handler.js': handlerSource,
    });
    const result = await run(dir);
    expect(result.handlers).toMatchObject([{ functionId: 'HandlerFn1A2B3C4D', status: 'linked', source: path.join(dir, 'lambda', 'handler.js') }]);
    const tracing = result.findings.find((f) => f.ruleId === 'function-tracing')!;
    expect(tracing.message).toContain('tracing: Tracing.ACTIVE on the Function construct');
    expect(tracing.message).toMatch(/\[construct AppStack\/HandlerFn\]$/);
    expect(tracing.resource).toBe('HandlerFn1A2B3C4D');
    // The code finding is in the user's file, not in the copy under cdk.out.
    expect(result.findings.find((f) => f.ruleId === 'client-in-handler')?.loc.file).toBe(path.join(dir, 'lambda', 'handler.js'));
  });

  it('does not link an asset that matches no project file, and says why', async () => {
    const dir = project({
      'cdk.json': '{}',
      'cdk.out/manifest.json': manifest,
      'cdk.out/AppStack.template.json': template('asset.0a1b2c'),
      'cdk.out/asset.0a1b2c/handler.js': 'exports.main=async()=>1;',
    });
    const result = await run(dir);
    expect(result.handlers[0]).toMatchObject({ status: 'not-linked', reason: expect.stringMatching(/matches no source file/) });
  });

  it('tells the user to synthesize when a CDK app has no cdk.out, and reads cdk.json "output"', async () => {
    const bare = project({ 'cdk.json': '{"app": "x"}', 'lib/stack.ts': 'export const x = 1;\n' });
    const skipped = (await run(bare)).skipped;
    expect(skipped).toEqual([{ path: path.join(bare, 'cdk.json'), reason: expect.stringMatching(/run `cdk synth` first/), category: 'cdk-not-synthesized' }]);

    const moved = project({ 'cdk.json': '{"output": "build/assembly"}', 'build/assembly/manifest.json': manifest, 'build/assembly/AppStack.template.json': template('asset.x') });
    const result = await run(moved);
    expect(result.stats.templates).toBe(1);
    expect(result.skipped).toEqual([]);
  });

  it('reads an assembly elsewhere with --cdk-out, and rejects a folder that is not one', async () => {
    const empty = project({ 'README.md': 'nothing here\n' });
    const result = await run(empty, [path.join(repo, 'fixtures', 'parity', 'cdk.out')]);
    expect(result.findings.some((f) => f.loc.file.endsWith('ParityStack.template.json') && f.ruleId === 'queue-redrive')).toBe(true);
    await expect(run(empty, [empty])).rejects.toThrow(UsageError);
  });

  it('reports a broken manifest or template and goes on with the rest', async () => {
    const dir = project({
      'cdk.out/manifest.json': '{ not json',
      'other/cdk.out/manifest.json': manifest,
      'other/cdk.out/AppStack.template.json': '{"Resources": {"A": ',
      'template.yaml': 'Resources:\n  Q: { Type: AWS::SQS::Queue }\n',
    });
    cpSync(path.join(dir, 'template.yaml'), path.join(dir, 'copy.template.yaml'));
    const result = await run(dir);
    expect(result.skipped).toEqual([{ path: path.join(dir, 'cdk.out'), reason: expect.stringMatching(/manifest\.json cannot be read/) }]);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => path.relative(dir, f.loc.file))).toEqual([path.join('other', 'cdk.out', 'AppStack.template.json')]);
    expect(result.findings.filter((f) => f.ruleId === 'queue-redrive')).toHaveLength(2);
  });
});
