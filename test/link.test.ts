import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkHandlers } from '../src/link/handlers.js';
import { buildStackModel, isCloudFormationTemplate } from '../src/model/cloudformation.js';
import type { HandlerLink } from '../src/model/types.js';
import { parseYamlOrJson } from '../src/parse/yaml-json.js';
import { dedent } from './support/rule-tester.js';

function project(files: Record<string, string>, template: string): Map<string, HandlerLink> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-link-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const file = path.join(dir, 'template.yaml');
  const { root } = parseYamlOrJson(dedent(template), file, 'yaml');
  if (!isCloudFormationTemplate(root)) throw new Error('not a template');
  const stack = buildStackModel(root, file);
  linkHandlers(stack);
  return new Map(
    stack.functions.map((fn) => {
      const link = fn.handlerLink!;
      return [fn.id, link.status === 'linked' ? { ...link, file: path.relative(dir, link.file) } : link];
    }),
  );
}

describe('handler linking', () => {
  it('finds JS and TS modules under CodeUri, from Globals too, in nested folders', () => {
    const links = project(
      { 'src/app.js': '', 'src/handlers/orders.mts': '', 'shared/index.cjs': '', 'root.ts': '' },
      `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            CodeUri: src/
            Runtime: nodejs20.x
        Resources:
          App: { Type: AWS::Serverless::Function, Properties: { Handler: app.handler } }
          Orders: { Type: AWS::Serverless::Function, Properties: { Handler: handlers/orders.create } }
          Shared: { Type: AWS::Serverless::Function, Properties: { CodeUri: shared, Handler: index.main } }
          Root: { Type: AWS::Serverless::Function, Properties: { CodeUri: ., Handler: root.handler } }
      `,
    );
    expect(links.get('App')).toEqual({ status: 'linked', file: 'src/app.js', exportName: 'handler', via: 'source' });
    expect(links.get('Orders')).toEqual({ status: 'linked', file: 'src/handlers/orders.mts', exportName: 'create', via: 'source' });
    expect(links.get('Shared')).toMatchObject({ file: 'shared/index.cjs', exportName: 'main' });
    expect(links.get('Root')).toMatchObject({ file: 'root.ts' });
  });

  it('follows esbuild entry points and compiled output back to TypeScript sources', () => {
    const links = project(
      {
        'api/app.ts': '',
        'worker/tsconfig.json': '{\n  // built by tsc\n  "compilerOptions": { "outDir": "dist", "rootDir": "lib", },\n}\n',
        'worker/lib/jobs/run.ts': '',
        'cron/tsconfig.json': '{ "compilerOptions": { "outDir": "build" } }',
        'cron/src/tick.ts': '',
      },
      `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::Serverless::Function
            Metadata:
              BuildMethod: esbuild
              BuildProperties: { EntryPoints: [app.ts], Minify: true }
            Properties: { CodeUri: api/, Handler: app.lambdaHandler, Runtime: nodejs20.x }
          Worker: { Type: AWS::Serverless::Function, Properties: { CodeUri: worker, Handler: dist/jobs/run.handler } }
          Cron: { Type: AWS::Serverless::Function, Properties: { CodeUri: cron, Handler: build/tick.handler } }
      `,
    );
    expect(links.get('Api')).toEqual({ status: 'linked', file: 'api/app.ts', exportName: 'lambdaHandler', via: 'esbuild-entry-point' });
    expect(links.get('Worker')).toEqual({ status: 'linked', file: 'worker/lib/jobs/run.ts', exportName: 'handler', via: 'tsconfig-out-dir' });
    expect(links.get('Cron')).toMatchObject({ status: 'linked', file: 'cron/src/tick.ts', via: 'tsconfig-out-dir' });
  });

  it('links plain CloudFormation functions whose Code is a local path', () => {
    const links = project(
      { 'functions/sync/index.js': '' },
      `
        Resources:
          Sync: { Type: AWS::Lambda::Function, Properties: { Code: functions/sync, Handler: index.handler, Runtime: nodejs22.x } }
          Packaged: { Type: AWS::Lambda::Function, Properties: { Code: { S3Bucket: b, S3Key: k }, Handler: index.handler } }
          Inline: { Type: AWS::Lambda::Function, Properties: { Code: { ZipFile: "exports.handler = 1" }, Handler: index.handler } }
      `,
    );
    expect(links.get('Sync')).toMatchObject({ status: 'linked', file: 'functions/sync/index.js' });
    expect(links.get('Packaged')).toMatchObject({ status: 'not-linked', reason: expect.stringContaining('already packaged in S3') });
    expect(links.get('Inline')).toEqual({ status: 'not-applicable', reason: 'the code is inline in the template' });
  });

  it('says why a handler is not linked, and never guesses', () => {
    const links = project(
      { 'src/app.js': '' },
      `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          HandlerName: { Type: String }
        Resources:
          Missing: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: handlers/missing.handler } }
          NoFolder: { Type: AWS::Serverless::Function, Properties: { CodeUri: nowhere, Handler: app.handler } }
          Unknown: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: !Ref HandlerName } }
          NoExport: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: app } }
          Python: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: app.handler, Runtime: python3.12 } }
          Image: { Type: AWS::Serverless::Function, Properties: { PackageType: Image, ImageUri: repo:tag } }
      `,
    );
    expect(links.get('Missing')).toEqual({ status: 'not-linked', reason: 'no handlers/missing.{js,mjs,cjs,ts,mts,cts} in src' });
    expect(links.get('NoFolder')).toEqual({ status: 'not-linked', reason: 'CodeUri nowhere does not exist' });
    expect(links.get('Unknown')).toEqual({ status: 'not-linked', reason: 'the Handler depends on HandlerName' });
    expect(links.get('NoExport')).toEqual({ status: 'not-linked', reason: 'Handler "app" is not of the form <file>.<export>' });
    expect(links.get('Python')).toEqual({ status: 'not-applicable', reason: 'runtime python3.12 is not analysed yet (Node.js only)' });
    expect(links.get('Image')).toEqual({ status: 'not-applicable', reason: 'the function is a container image' });
  });
});
