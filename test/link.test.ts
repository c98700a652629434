import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linkHandlers } from '../src/link/handlers.js';
import { buildStackModel, isCloudFormationTemplate } from '../src/model/cloudformation.js';
import { buildServerlessStack } from '../src/model/serverless.js';
import { buildTerraformStack } from '../src/model/terraform.js';
import type { HandlerLink, StackModel } from '../src/model/types.js';
import { parseHcl } from '../src/parse/hcl.js';
import { parseYamlOrJson } from '../src/parse/yaml-json.js';
import { handlerCoverage } from '../src/engine/result.js';
import { lint } from '../src/engine/run.js';
import { coverageLine } from '../src/report/stylish.js';
import { loadPinnedConfig } from './support/pinned-config.js';
import { dedent } from './support/rule-tester.js';

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-link-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Each function's link, with paths relative to the project (`.` for the project folder itself). */
function linksOf(stack: StackModel, dir: string): Map<string, HandlerLink> {
  linkHandlers(stack);
  return new Map(
    stack.functions.map((fn) => {
      const link = fn.handlerLink!;
      if (link.status !== 'linked') return [fn.id, link];
      return [fn.id, { ...link, file: path.relative(dir, link.file), ...(link.codeRoot ? { codeRoot: path.relative(dir, link.codeRoot) || '.' } : {}) }];
    }),
  );
}

function project(files: Record<string, string>, template: string): Map<string, HandlerLink> {
  const dir = write(files);
  const file = path.join(dir, 'template.yaml');
  const { root } = parseYamlOrJson(dedent(template), file, 'yaml');
  if (!isCloudFormationTemplate(root)) throw new Error('not a template');
  return linksOf(buildStackModel(root, file), dir);
}

function serverlessProject(files: Record<string, string>, config: string): Map<string, HandlerLink> {
  const dir = write(files);
  const file = path.join(dir, 'serverless.yml');
  const { root } = parseYamlOrJson(dedent(config), file, 'yaml');
  const { stack } = buildServerlessStack(root as Parameters<typeof buildServerlessStack>[0], file);
  return linksOf(stack!, dir);
}

function terraformProject(files: Record<string, string>, main: string): Map<string, HandlerLink> {
  const dir = write(files);
  const file = path.join(dir, 'main.tf');
  writeFileSync(file, dedent(main));
  const { stack } = buildTerraformStack({ dir, files: [{ file, hcl: parseHcl(dedent(main), file) }] });
  return linksOf(stack!, dir);
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
    expect(links.get('App')).toEqual({ status: 'linked', file: 'src/app.js', exportName: 'handler', via: 'source', language: 'javascript' });
    expect(links.get('Orders')).toEqual({ status: 'linked', file: 'src/handlers/orders.mts', exportName: 'create', via: 'source', language: 'typescript' });
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
    expect(links.get('Api')).toEqual({ status: 'linked', file: 'api/app.ts', exportName: 'lambdaHandler', via: 'esbuild-entry-point', language: 'typescript' });
    expect(links.get('Worker')).toEqual({ status: 'linked', file: 'worker/lib/jobs/run.ts', exportName: 'handler', via: 'tsconfig-out-dir', language: 'typescript' });
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
    expect(links.get('Inline')).toEqual({ status: 'not-applicable', reason: 'the code is inline in the template', category: 'inline-code' });
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
          Java: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: com.example.App::handle, Runtime: java21 } }
          Image: { Type: AWS::Serverless::Function, Properties: { PackageType: Image, ImageUri: repo:tag } }
      `,
    );
    expect(links.get('Missing')).toEqual({ status: 'not-linked', reason: 'no handlers/missing.{js,mjs,cjs,ts,mts,cts} or handlers/missing.py or handlers/missing/__init__.py in src', category: 'missing-file' });
    expect(links.get('NoFolder')).toEqual({ status: 'not-linked', reason: 'CodeUri nowhere does not exist', category: 'missing-file' });
    expect(links.get('Unknown')).toEqual({ status: 'not-linked', reason: 'the Handler depends on HandlerName', category: 'other' });
    expect(links.get('NoExport')).toEqual({ status: 'not-linked', reason: 'Handler "app" is not of the form <file>.<export>', category: 'other' });
    expect(links.get('Java')).toEqual({ status: 'not-applicable', reason: 'runtime java21 is not analysed yet (Node.js and Python only)', category: 'runtime-not-analysed' });
    expect(links.get('Image')).toEqual({ status: 'not-applicable', reason: 'the function is a container image', category: 'container-image' });
  });

  it('links Python handlers from SAM: Globals, dotted modules, packages, slash paths, with the code root', () => {
    const links = project(
      {
        'src/app.py': '',
        'src/orders/api.py': '',
        'src/orders/admin/__init__.py': '',
        'src/orders/admin.py': '',
        'src/handlers/create.py': '',
        'workers/jobs/run.py': '',
      },
      `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            CodeUri: src/
            Runtime: python3.12
        Resources:
          App: { Type: AWS::Serverless::Function, Properties: { Handler: app.lambda_handler } }
          Dotted: { Type: AWS::Serverless::Function, Properties: { Handler: orders.api.handler } }
          Package: { Type: AWS::Serverless::Function, Properties: { Handler: orders.admin.handler } }
          Slashes: { Type: AWS::Serverless::Function, Properties: { Handler: handlers/create.main } }
          Worker: { Type: AWS::Serverless::Function, Properties: { CodeUri: workers, Handler: jobs.run.handler, Runtime: python3.9 } }
      `,
    );
    expect(links.get('App')).toEqual({ status: 'linked', file: 'src/app.py', exportName: 'lambda_handler', via: 'source', language: 'python', codeRoot: 'src' });
    expect(links.get('Dotted')).toMatchObject({ file: 'src/orders/api.py', exportName: 'handler', language: 'python', codeRoot: 'src' });
    // A package folder wins over a module of the same name, as in Python's own finder.
    expect(links.get('Package')).toMatchObject({ file: 'src/orders/admin/__init__.py', codeRoot: 'src' });
    expect(links.get('Slashes')).toMatchObject({ file: 'src/handlers/create.py', exportName: 'main', codeRoot: 'src' });
    expect(links.get('Worker')).toMatchObject({ file: 'workers/jobs/run.py', codeRoot: 'workers' });
  });

  it('links Python from plain CloudFormation and when the runtime is not known, and keeps runtimes apart', () => {
    const links = project(
      { 'py/app.py': '', 'js/app.py': '', 'both/app.js': '', 'both/app.py': '' },
      `
        Parameters:
          Runtime: { Type: String }
        Resources:
          Py: { Type: AWS::Lambda::Function, Properties: { Code: py, Handler: app.handler, Runtime: python3.13 } }
          Unknown: { Type: AWS::Lambda::Function, Properties: { Code: py, Handler: app.handler, Runtime: !Ref Runtime } }
          Node: { Type: AWS::Lambda::Function, Properties: { Code: js, Handler: app.handler, Runtime: nodejs20.x } }
          PyOnlyJs: { Type: AWS::Lambda::Function, Properties: { Code: both, Handler: app.handler, Runtime: python3.12 } }
      `,
    );
    expect(links.get('Py')).toMatchObject({ status: 'linked', file: 'py/app.py', language: 'python', codeRoot: 'py' });
    expect(links.get('Unknown')).toMatchObject({ status: 'linked', file: 'py/app.py', language: 'python' });
    // A Node.js function is never linked to a .py file, and a Python function never to a .js file.
    expect(links.get('Node')).toEqual({ status: 'not-linked', reason: 'no app.{js,mjs,cjs,ts,mts,cts} in js', category: 'missing-file' });
    expect(links.get('PyOnlyJs')).toMatchObject({ status: 'linked', file: 'both/app.py', language: 'python' });
  });

  it('says which Python files it tried, and does not link what Lambda could not import', () => {
    const links = project(
      { 'src/app.py': '', 'build/function.zip': 'PK', 'web/run.sh': 'exec python -m uvicorn app:app', 'web/app.py': '' },
      `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function: { Runtime: python3.12 }
        Resources:
          Missing: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: orders.missing.handler } }
          Relative: { Type: AWS::Serverless::Function, Properties: { CodeUri: src, Handler: ./app.handler } }
          Zip: { Type: AWS::Serverless::Function, Properties: { CodeUri: build/function.zip, Handler: app.handler } }
          Image: { Type: AWS::Serverless::Function, Properties: { PackageType: Image, ImageUri: repo:tag, Runtime: python3.12 } }
          WebAdapter: { Type: AWS::Serverless::Function, Properties: { CodeUri: web, Handler: run.sh } }
      `,
    );
    expect(links.get('Missing')).toEqual({ status: 'not-linked', reason: 'no orders/missing.py or orders/missing/__init__.py in src', category: 'missing-file' });
    expect(links.get('Relative')).toEqual({ status: 'not-linked', reason: 'Handler "./app.handler" does not name a Python module Lambda can import', category: 'other' });
    expect(links.get('Zip')).toEqual({ status: 'not-linked', reason: 'the code is a prebuilt package (build/function.zip) that sls-lint does not unpack', category: 'prebuilt-package' });
    expect(links.get('Image')).toEqual({ status: 'not-applicable', reason: 'the function is a container image', category: 'container-image' });
    expect(links.get('WebAdapter')).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('run.sh is a script that starts the code'), category: 'other' });
  });

  it('links Python handlers from serverless.yml: path with slashes then a dot, dotted modules, per-function runtimes', () => {
    const links = serverlessProject(
      { 'src/handlers/create.py': '', 'jobs/worker.py': '', 'src/handlers/notify.js': '', 'lib/db.py': '' },
      `
        service: jobs
        provider:
          name: aws
          runtime: python3.12
        functions:
          create:
            handler: src/handlers/create.main
          worker:
            handler: jobs.worker.run
          notify:
            handler: src/handlers/notify.handler
            runtime: nodejs20.x
          missing:
            handler: src/handlers/missing.main
          api:
            handler: wsgi_handler.handler
          image:
            image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs:latest
          packaged:
            handler: app.main
            package:
              artifact: dist/packaged.zip
      `,
    );
    const id = (key: string) => [...links.keys()].find((k) => k.toLowerCase().startsWith(key))!;
    // The service folder is the code root: `from lib.db import x` resolves from it.
    expect(links.get(id('create'))).toEqual({ status: 'linked', file: 'src/handlers/create.py', exportName: 'main', via: 'source', language: 'python', codeRoot: '.' });
    expect(links.get(id('worker'))).toMatchObject({ file: 'jobs/worker.py', exportName: 'run', language: 'python' });
    expect(links.get(id('notify'))).toMatchObject({ file: 'src/handlers/notify.js', language: 'javascript' });
    expect(links.get(id('missing'))).toEqual({ status: 'not-linked', reason: "no src/handlers/missing.py or src/handlers/missing/__init__.py in the template's folder", category: 'missing-file' });
    expect(links.get(id('image'))).toMatchObject({ status: 'not-applicable', category: 'container-image' });
    expect(links.get(id('api'))).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('generated by the serverless-wsgi plugin'), category: 'other' });
    expect(links.get(id('packaged'))).toMatchObject({ status: 'not-linked', category: 'prebuilt-package' });

    // Without a runtime anywhere, the Serverless Framework deploys Node.js: a .py file is not the handler.
    const unset = serverlessProject({ 'handler.py': '' }, 'service: legacy\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: handler.hello\n');
    expect([...unset.values()]).toEqual([{ status: 'not-linked', reason: "no handler.{js,mjs,cjs,ts,mts,cts} in the template's folder", category: 'missing-file' }]);
  });

  it('links Python handlers from Terraform archives: source_dir, source_file, and not prebuilt zips', () => {
    const links = terraformProject(
      { 'lambda/orders/app.py': '', 'lambda/orders/lib/db.py': '', 'single/handler.py': '' },
      `
        variable "runtime" { default = "python3.12" }
        data "archive_file" "orders" {
          type        = "zip"
          source_dir  = "\${path.module}/lambda/orders"
          output_path = "\${path.module}/build/orders.zip"
        }
        data "archive_file" "single" {
          type        = "zip"
          source_file = "single/handler.py"
          output_path = "build/single.zip"
        }
        resource "aws_lambda_function" "orders" {
          function_name = "orders"
          role          = "arn:aws:iam::123456789012:role/r"
          filename      = data.archive_file.orders.output_path
          handler       = "app.lambda_handler"
          runtime       = "python3.12"
        }
        resource "aws_lambda_function" "single" {
          function_name = "single"
          role          = "arn:aws:iam::123456789012:role/r"
          filename      = "build/single.zip"
          handler       = "handler.main"
          runtime       = var.runtime
        }
        data "archive_file" "uploaded" {
          type        = "zip"
          source_dir  = "lambda/orders"
          output_path = "build/uploaded.zip"
        }
        resource "aws_s3_object" "code" {
          bucket = "artifacts"
          key    = "uploaded.zip"
          source = data.archive_file.uploaded.output_path
        }
        resource "aws_lambda_function" "from_s3" {
          function_name = "from_s3"
          role          = "arn:aws:iam::123456789012:role/r"
          s3_bucket     = "artifacts"
          s3_key        = aws_s3_object.code.key
          handler       = "app.lambda_handler"
          runtime       = "python3.12"
        }
        resource "aws_lambda_function" "from_bucket" {
          function_name = "from_bucket"
          role          = "arn:aws:iam::123456789012:role/r"
          s3_bucket     = "artifacts"
          s3_key        = "releases/app.zip"
          handler       = "app.lambda_handler"
          runtime       = "python3.12"
        }
        data "archive_file" "inline" {
          type        = "zip"
          output_path = "build/inline.zip"
          source {
            filename = "inline.py"
            content  = <<-PYTHON
              def handler(event, context):
                  return 1
            PYTHON
          }
        }
        resource "aws_lambda_function" "inline" {
          function_name = "inline"
          role          = "arn:aws:iam::123456789012:role/r"
          filename      = data.archive_file.inline.output_path
          handler       = "inline.handler"
          runtime       = "python3.12"
        }
        resource "aws_lambda_function" "prebuilt" {
          function_name = "prebuilt"
          role          = "arn:aws:iam::123456789012:role/r"
          filename      = "dist/prebuilt.zip"
          handler       = "app.handler"
          runtime       = "python3.12"
        }
      `,
    );
    expect(links.get('aws_lambda_function.orders')).toEqual({ status: 'linked', file: 'lambda/orders/app.py', exportName: 'lambda_handler', via: 'source', language: 'python', codeRoot: 'lambda/orders' });
    expect(links.get('aws_lambda_function.single')).toMatchObject({ status: 'linked', file: 'single/handler.py', language: 'python', codeRoot: 'single' });
    // HashiCorp's tutorial layout: the S3 object uploads the archive, so the archive's folder is the code.
    expect(links.get('aws_lambda_function.from_s3')).toMatchObject({ status: 'linked', file: 'lambda/orders/app.py', codeRoot: 'lambda/orders' });
    expect(links.get('aws_lambda_function.from_bucket')).toMatchObject({ status: 'not-linked', category: 'prebuilt-package' });
    // Code written into the archive's source block is read where it is written, line by line from the heredoc.
    expect(links.get('aws_lambda_function.inline')).toMatchObject({ status: 'linked', via: 'inline', language: 'python', exportName: 'handler', inline: { firstLine: 58, indent: 6 } });
    expect(links.get('aws_lambda_function.prebuilt')).toMatchObject({ status: 'not-linked', reason: expect.stringContaining('prebuilt package (dist/prebuilt.zip)'), category: 'prebuilt-package' });
  });

  it('links a Python CDK asset back to the folder it was copied from, and that folder is the code root', () => {
    const handler = 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200}\n';
    const dir = write({
      'cdk.json': '{"app": "python3 app.py"}',
      // Two functions with the same small app.py: the folder holding the asset's other files is the copied one.
      'functions/orders/app.py': handler,
      'functions/orders/lib/db.py': 'TABLE = "orders"\n',
      'functions/alerts/app.py': handler,
      'functions/alerts/alerts_helpers.py': '',
      'cdk.out/asset.abc123/app.py': handler,
      'cdk.out/asset.abc123/lib/db.py': 'TABLE = "orders"\n',
      'cdk.out/asset.def456/pkg/api.py': 'def handler(event, context):\n    pass  # edited after synth\n',
    });
    const file = path.join(dir, 'cdk.out', 'Stack.template.json');
    const fn = (asset: string, handlerName: string) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Bucket: 'b', S3Key: 'k.zip' }, Handler: handlerName, Runtime: 'python3.12' },
      Metadata: { 'aws:asset:path': asset, 'aws:asset:property': 'Code' },
    });
    const text = JSON.stringify({ Resources: { Orders: fn('asset.abc123', 'app.handler'), Db: fn('asset.abc123', 'lib.db.handler'), Stale: fn('asset.def456', 'pkg.api.handler'), Gone: fn('asset.0000', 'app.handler') } });
    const { root } = parseYamlOrJson(text, file, 'json');
    if (!isCloudFormationTemplate(root)) throw new Error('not a template');
    const links = linksOf(buildStackModel(root, file, { format: 'cdk' }), dir);
    expect(links.get('Orders')).toEqual({ status: 'linked', file: 'functions/orders/app.py', exportName: 'handler', via: 'cdk-asset', language: 'python', codeRoot: 'functions/orders' });
    // A module below the asset's root: the code root is as many folders up as the module is deep.
    expect(links.get('Db')).toMatchObject({ status: 'linked', file: 'functions/orders/lib/db.py', codeRoot: 'functions/orders' });
    expect(links.get('Stale')).toMatchObject({ status: 'not-linked', reason: 'the asset asset.def456 matches no source file in the project', category: 'missing-file' });
    expect(links.get('Gone')).toMatchObject({ status: 'not-linked', reason: expect.stringContaining('has no app.py or app/__init__.py'), category: 'missing-file' });
  });

  it('links the Python fixtures end to end, and the summary says what was not read', async () => {
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
    const handlersOf = async (name: string) => {
      const dir = path.join(fixtures, name);
      const result = await lint({ cwd: dir, paths: ['.'], config: await loadPinnedConfig(dir) });
      return { result, rows: result.handlers.map((h) => [h.functionId, h.status, h.source ? path.relative(dir, h.source) : h.category]) };
    };
    const sam = await handlersOf('python-sam-orders');
    expect(sam.rows).toEqual([
      ['CreateOrderFunction', 'linked', path.join('src', 'app.py')],
      ['RecordOrderFunction', 'linked', path.join('src', 'orders', 'consumer.py')],
      ['DailyReportFunction', 'linked', path.join('src', 'orders', 'reports', '__init__.py')],
      ['ReceiptRendererFunction', 'not-applicable', 'container-image'],
      ['ExportOrdersFunction', 'not-linked', 'missing-file'],
    ]);
    expect(coverageLine(handlerCoverage(sam.result))).toBe('3 of 5 handlers linked to source (3 Python); not read: 1 container image, 1 missing file');
    const serverless = await handlersOf('python-serverless-jobs');
    expect(serverless.rows).toEqual([
      ['submit', 'linked', path.join('src', 'handlers', 'submit.py')],
      ['worker', 'linked', path.join('src', 'handlers', 'worker.py')],
      ['digest', 'linked', path.join('jobs', 'digest.py')],
      ['thumbnail', 'not-applicable', 'container-image'],
      ['cleanup', 'not-linked', 'missing-file'],
    ]);
  });
});
