/**
 * Google Cloud Functions: the Terraform model (src/model/gcp.ts), linking by entry point and source
 * folder (src/link/gcp.ts), the Functions Framework by convention, and the rules' Google facts with
 * the look-alikes they must not flag.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { linkGcpFunctions } from '../src/link/gcp.js';
import { buildGcpStacks } from '../src/model/gcp.js';
import type { StackModel } from '../src/model/types.js';
import { parseHcl } from '../src/parse/hcl.js';
import { dedent } from './support/rule-tester.js';

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-gcp-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), dedent(content));
  }
  return dir;
}

function model(tf: string, dir = '/project'): StackModel {
  const file = path.join(dir, 'main.tf');
  const [stack] = buildGcpStacks({ dir, files: [{ file, hcl: parseHcl(dedent(tf), file) }] });
  if (!stack) throw new Error('no Google resources');
  return stack;
}

/** Every finding of a project as `file:line rule/messageId`, with every rule on (the `all` preset). */
async function findings(files: Record<string, string>): Promise<string[]> {
  const dir = write(files);
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
  if (result.notices.length) throw new Error(result.notices.map((n) => n.message).join('\n'));
  return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.ruleId}/${f.messageId}`);
}

const ARCHIVE = `
  data "archive_file" "src" {
    type        = "zip"
    source_dir  = "\${path.module}/src"
    output_path = "\${path.module}/build/src.zip"
  }
  resource "google_storage_bucket_object" "src" {
    name   = "src.zip"
    bucket = "artifacts"
    source = data.archive_file.src.output_path
  }
`;

const gen2 = (name: string, entry: string, extra: string, runtime = 'nodejs20') => `
  resource "google_cloudfunctions2_function" "${name}" {
    name     = "${name}"
    location = "europe-west1"
    build_config {
      runtime     = "${runtime}"
      entry_point = "${entry}"
      source {
        storage_source {
          bucket = "artifacts"
          object = google_storage_bucket_object.src.name
        }
      }
    }
${extra}
  }
`;

/** A Cloud Run service built from source as a function (google_cloud_run_v2_service with a build_config). */
const runFunction = (name: string, target: string | undefined, template: string, runtime = 'nodejs22') => `
  resource "google_cloud_run_v2_service" "${name}" {
    name     = "${name}"
    location = "europe-west1"
    template {
${template}
    }
    build_config {
      source_location = "gs://\${google_storage_bucket.artifacts.name}/\${google_storage_bucket_object.src.name}"
      ${target ? `function_target = "${target}"` : ''}
      base_image      = "europe-west1-docker.pkg.dev/serverless-runtimes/google-22-full/runtimes/${runtime}"
    }
  }
`;

const NODE_PACKAGE = JSON.stringify({ name: 'fns', main: 'index.js', dependencies: { '@google-cloud/functions-framework': '^3.4.0', '@google-cloud/firestore': '^7.0.0' } });

describe('Google Cloud Terraform model', () => {
  it('models 2nd gen HTTP and Pub/Sub functions, a push subscription, and the grants to their account', () => {
    const stack = model(`
      variable "timeout" {
        default = 120
      }
      resource "google_service_account" "fns" {
        account_id = "fns"
        project    = "acme"
      }
      resource "google_pubsub_topic" "orders" {
        name = "orders"
      }
      ${gen2('api', 'api', `
        service_config {
          timeout_seconds       = var.timeout
          available_memory      = "1Gi"
          service_account_email = google_service_account.fns.email
        }`)}
      ${gen2('worker', 'worker', `
        service_config {
          service_account_email = "fns@acme.iam.gserviceaccount.com"
        }
        event_trigger {
          event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
          pubsub_topic = google_pubsub_topic.orders.id
          retry_policy = "RETRY_POLICY_RETRY"
        }`)}
      resource "google_pubsub_subscription" "push" {
        name  = "orders-push"
        topic = google_pubsub_topic.orders.id
        push_config {
          push_endpoint = google_cloudfunctions2_function.api.service_config[0].uri
        }
      }
      resource "google_project_iam_member" "editor" {
        project = "acme"
        role    = "roles/editor"
        member  = "serviceAccount:\${google_service_account.fns.email}"
      }
    `);
    const [api, worker] = stack.functions;
    expect(api!.platform).toBe('gcp');
    expect(api!.generation).toBe(2);
    expect(api!.timeout.value).toMatchObject({ known: true, value: 120, assumptions: [{ parameter: 'var:timeout', value: 120 }] });
    expect(api!.memorySize.value).toMatchObject({ known: true, value: 1074 });
    expect(api!.role).toMatchObject({ id: 'google_service_account.fns' });
    expect(api!.triggers.map((t) => [t.kind, t.invocation, t.via])).toEqual([
      ['gcp-http', 'sync', 'gcp-trigger'],
      ['pubsub', 'async', 'pubsub-push'],
    ]);
    expect(worker!.timeout).toMatchObject({ source: 'default', defaultValue: 60 });
    expect(worker!.triggers[0]).toMatchObject({ kind: 'pubsub', invocation: 'async', source: { id: 'google_pubsub_topic.orders' }, retryOnFailure: { known: true, value: true } });
    expect(stack.queues.map((q) => [q.id, q.platform, q.visibilityTimeout.defaultValue, q.redrivePolicy])).toEqual([['google_pubsub_subscription.push', 'gcp', 10, undefined]]);
    // The worker's account is written as an email: it is the same account, so both functions are named.
    expect(stack.roleGrants).toMatchObject([{ id: 'google_project_iam_member.editor', role: { value: 'roles/editor' }, scope: 'project', functions: ['google_cloudfunctions2_function.api', 'google_cloudfunctions2_function.worker'] }]);
  });

  it('models 1st gen triggers: trigger_http, a storage event with failure_policy, a Firestore event without retries', () => {
    const stack = model(`
      resource "google_cloudfunctions_function" "http" {
        name         = "http"
        runtime      = "python312"
        trigger_http = true
        timeout      = 300
      }
      resource "google_cloudfunctions_function" "upload" {
        name    = "upload"
        runtime = "python312"
        event_trigger {
          event_type = "google.storage.object.finalize"
          resource   = "uploads"
          failure_policy {
            retry = true
          }
        }
      }
      resource "google_cloudfunctions_function" "doc" {
        name    = "doc"
        runtime = "nodejs20"
        event_trigger {
          event_type = "providers/cloud.firestore/eventTypes/document.write"
          resource   = "projects/acme/databases/(default)/documents/orders/{id}"
        }
      }
    `);
    expect(stack.functions.map((f) => [f.generation, f.handler?.known && f.handler.value, f.triggers.map((t) => `${t.kind}/${t.invocation}/${t.retryOnFailure?.known ? t.retryOnFailure.value : '-'}`)])).toEqual([
      [1, 'http', ['gcp-http/sync/-']],
      [1, 'upload', ['cloud-storage/async/true']],
      [1, 'doc', ['firestore/async/-']],
    ]);
    expect(stack.functions[0]!.timeout.value).toMatchObject({ known: true, value: 300 });
  });

  it('leaves a dynamic event_trigger, service_config or source unknown instead of assuming the defaults', () => {
    const stack = model(`
      resource "google_cloudfunctions2_function" "module" {
        name = var.name
        build_config {
          runtime     = var.runtime
          entry_point = var.entry_point
          source {
            dynamic "storage_source" {
              for_each = [var.storage_source]
              content {
                bucket = storage_source.value.bucket
                object = storage_source.value.object
              }
            }
          }
        }
        dynamic "service_config" {
          for_each = [var.service_config]
          content {
            timeout_seconds       = service_config.value.timeout
            service_account_email = service_config.value.account
          }
        }
        dynamic "event_trigger" {
          for_each = var.event_trigger == null ? [] : [var.event_trigger]
          content {
            event_type = event_trigger.value.event_type
          }
        }
      }
    `);
    const [fn] = stack.functions;
    expect(fn!.triggers.map((t) => [t.kind, t.invocation])).toEqual([['other', 'unknown']]);
    expect(fn!.timeout.value?.known).toBe(false);
    expect(fn!.role).toMatchObject({ known: false });
    // One storage_source (for_each = [var.storage_source]) whose object is the unknown variable's.
    expect(fn!.code).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('storage_source.value.object is computed') });
  });

  it('models a Cloud Run service built from source as a function: entry point, runtime, template settings, Eventarc and push triggers, HTTP otherwise', () => {
    const stack = model(`
      ${ARCHIVE}
      resource "google_service_account" "run" {
        account_id = "run-fns"
      }
      resource "google_pubsub_topic" "jobs" {
        name = "jobs"
      }
      ${runFunction('thumbnail', 'makeThumbnail', `
        timeout         = "900s"
        service_account = google_service_account.run.email
        containers {
          image = "us-docker.pkg.dev/cloudrun/container/hello"
          env {
            name  = "BUCKET"
            value = "thumbs"
          }
          env {
            name = "API_KEY"
            value_source {
              secret_key_ref {
                secret  = "api-key"
                version = "latest"
              }
            }
          }
          resources {
            limits = {
              memory = "1Gi"
            }
          }
        }`)}
      ${runFunction('worker', undefined, `
        containers {
          image = "us-docker.pkg.dev/cloudrun/container/hello"
        }`, 'python312')}
      ${runFunction('api', 'api', `
        timeout = "120s"`)}
      ${runFunction('status', 'status', `
        timeout = "60s"`)}
      resource "google_cloud_run_v2_service" "web" {
        name     = "web"
        location = "europe-west1"
        template {
          containers {
            image = "europe-docker.pkg.dev/acme/web/site:1.4.2"
          }
        }
      }
      resource "google_eventarc_trigger" "uploads" {
        name     = "uploads"
        location = "europe-west1"
        matching_criteria {
          attribute = "type"
          value     = "google.cloud.storage.object.v1.finalized"
        }
        matching_criteria {
          attribute = "bucket"
          value     = "uploads"
        }
        destination {
          cloud_run_service {
            service = google_cloud_run_v2_service.thumbnail.name
            region  = "europe-west1"
          }
        }
      }
      resource "google_eventarc_trigger" "site" {
        name     = "site"
        location = "europe-west1"
        matching_criteria {
          attribute = "type"
          value     = "google.cloud.pubsub.topic.v1.messagePublished"
        }
        destination {
          cloud_run_service {
            service = "web"
            region  = "europe-west1"
          }
        }
      }
      resource "google_eventarc_trigger" "once" {
        name     = "once"
        location = "europe-west1"
        matching_criteria {
          attribute = "type"
          value     = "google.cloud.pubsub.topic.v1.messagePublished"
        }
        destination {
          cloud_run_service {
            service = "api"
            region  = "europe-west1"
          }
        }
        retry_policy {
          max_attempts = 1
        }
      }
      resource "google_pubsub_subscription" "jobs" {
        name  = "jobs-push"
        topic = google_pubsub_topic.jobs.id
        push_config {
          push_endpoint = google_cloud_run_v2_service.worker.uri
        }
      }
    `);
    // The plain container service is not a function, even with an Eventarc trigger pointing at it.
    expect(stack.functions.map((f) => f.functionName)).toEqual(['thumbnail', 'worker', 'api', 'status']);
    const [thumbnail, worker, api, status] = stack.functions;
    expect(thumbnail).toMatchObject({ platform: 'gcp', cloudRunService: true, handler: { known: true, value: 'makeThumbnail' }, runtime: { value: { known: true, value: 'nodejs22' } }, code: { kind: 'path', path: 'src' }, role: { id: 'google_service_account.run' } });
    expect(thumbnail!.timeout.value).toMatchObject({ known: true, value: 900 });
    expect(thumbnail!.memorySize.value).toMatchObject({ known: true, value: 1074 });
    // value_source is a Secret Manager reference, not a value: only the literal is an environment variable.
    expect(thumbnail!.environment.map((e) => e.name)).toEqual(['BUCKET']);
    expect(thumbnail!.triggers).toMatchObject([{ kind: 'cloud-storage', invocation: 'async', via: 'eventarc-trigger', name: 'google_eventarc_trigger.uploads', retryOnFailure: { known: true, value: true } }]);
    // No function_target: the API runs the function named like the service.
    expect(worker).toMatchObject({ handler: { known: true, value: 'worker' }, runtime: { value: { value: 'python312' } }, timeout: { source: 'default', defaultValue: 300 } });
    expect(worker!.triggers.map((t) => [t.kind, t.invocation, t.via])).toEqual([['pubsub', 'async', 'pubsub-push']]);
    // Named by its literal service name; max_attempts = 1 turns Eventarc's redelivery off (still at least once).
    expect(api!.triggers).toMatchObject([{ kind: 'pubsub', invocation: 'async', via: 'eventarc-trigger', retryOnFailure: { known: true, value: false } }]);
    // Nothing in the folder feeds it: an HTTP function.
    expect(status!.triggers.map((t) => [t.kind, t.invocation, t.via])).toEqual([['gcp-http', 'sync', 'gcp-trigger']]);
  });

  it('a folder whose only Cloud Run service runs its own image builds no Google stack', () => {
    const file = '/project/main.tf';
    const tf = 'resource "google_cloud_run_v2_service" "web" {\n  name = "web"\n  template {\n    timeout = "3600s"\n    containers {\n      image = "nginx"\n    }\n  }\n}\n';
    expect(buildGcpStacks({ dir: '/project', files: [{ file, hcl: parseHcl(tf, file) }] })).toEqual([]);
  });

  it('builds no Google stack for a folder with only AWS resources', () => {
    const file = '/project/main.tf';
    expect(buildGcpStacks({ dir: '/project', files: [{ file, hcl: parseHcl('resource "aws_sqs_queue" "q" {}\n', file) }] })).toEqual([]);
  });
});

describe('Google Cloud linking', () => {
  it('links Node.js through package.json main (or index.js) and Python through main.py, and says why not otherwise', () => {
    const dir = write({
      'node/package.json': JSON.stringify({ main: 'lib/app.js' }),
      'node/lib/app.js': 'exports.api = (req, res) => res.send("ok");\n',
      'plain/index.js': 'exports.api = (req, res) => res.send("ok");\n',
      'py/main.py': 'def api(request):\n    return "ok"\n',
      'go/go.mod': 'module example.com/fn\n',
    });
    const fn = (name: string, runtime: string, folder: string) => `
      data "archive_file" "${name}" {
        type        = "zip"
        source_dir  = "\${path.module}/${folder}"
        output_path = "/tmp/${name}.zip"
      }
      resource "google_storage_bucket_object" "${name}" {
        name   = "${name}.zip"
        bucket = "b"
        source = data.archive_file.${name}.output_path
      }
      resource "google_cloudfunctions_function" "${name}" {
        name                  = "${name}"
        runtime               = "${runtime}"
        entry_point           = "api"
        trigger_http          = true
        source_archive_object = google_storage_bucket_object.${name}.name
      }
    `;
    const stack = model([fn('node', 'nodejs20', 'node'), fn('plain', 'nodejs20', 'plain'), fn('py', 'python312', 'py'), fn('go', 'go122', 'go'), fn('gone', 'nodejs20', 'missing'),
      `resource "google_cloudfunctions_function" "zip" {
        name                  = "zip"
        runtime               = "nodejs20"
        source_archive_bucket = "b"
        source_archive_object = "prebuilt/fn.zip"
      }`].join('\n'), dir);
    linkGcpFunctions(stack);
    const links = Object.fromEntries(stack.functions.map((f) => [f.functionName, f.handlerLink!.status === 'linked' ? `${path.relative(dir, f.handlerLink!.file)}#${f.handlerLink!.exportName}` : `${f.handlerLink!.status}: ${f.handlerLink!.category}`]));
    expect(links).toEqual({
      node: 'node/lib/app.js#api',
      plain: 'plain/index.js#api',
      py: 'py/main.py#api',
      go: 'not-applicable: runtime-not-analysed',
      gone: 'not-linked: missing-file',
      zip: 'not-linked: prebuilt-package',
    });
  });
});

describe('Google Cloud rules', () => {
  it('the fixture-style findings: each rule once, at its line', async () => {
    const result = await findings({
      'main.tf': `
        resource "google_service_account" "fns" {
          account_id = "fns"
        }
        resource "google_pubsub_topic" "orders" {
          name = "orders"
        }
        ${ARCHIVE}
        ${gen2('consume', 'consume', `
          service_config {
            timeout_seconds       = 600
            service_account_email = google_service_account.fns.email
          }
          event_trigger {
            event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
            pubsub_topic = google_pubsub_topic.orders.id
          }`)}
        ${gen2('pushed', 'pushed', `
          service_config {
            timeout_seconds = 120
          }`)}
        resource "google_pubsub_subscription" "push" {
          name  = "push"
          topic = google_pubsub_topic.orders.id
          push_config {
            push_endpoint = google_cloudfunctions2_function.pushed.url
          }
        }
        resource "google_project_iam_member" "owner" {
          project = "acme"
          role    = "roles/owner"
          member  = "serviceAccount:\${google_service_account.fns.email}"
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore } = require('@google-cloud/firestore');
        const db = new Firestore();
        functions.cloudEvent('consume', async (cloudEvent) => {
          await db.collection('orders').add({ id: cloudEvent.data.message.messageId });
        });
        functions.http('pushed', async (req, res) => {
          const local = new Firestore();
          await local.collection('log').add(req.body);
          res.status(204).end();
        });
      `,
    });
    expect(result.sort()).toEqual([
      'main.tf:35 function-timeout/gcpAboveMaximum',
      'main.tf:64 function-timeout/ackDeadlineBelowTimeout',
      'main.tf:64 queue-redrive/missingDeadLetterPolicy',
      'main.tf:73 iam-admin-policy/gcpBasicRole',
      'src/index.js:5 idempotent-consumer/repeatedSideEffect',
      'src/index.js:8 client-in-handler/perInvocation',
      'src/index.js:9 idempotent-consumer/repeatedSideEffect',
    ]);
  });

  it('does not flag the look-alikes', async () => {
    const result = await findings({
      'main.tf': `
        resource "google_service_account" "fns" {
          account_id = "fns"
        }
        resource "google_service_account" "ci" {
          account_id = "ci-deployer"
        }
        resource "google_pubsub_topic" "orders" {
          name = "orders"
        }
        resource "google_pubsub_topic" "dead" {
          name = "orders-dead"
        }
        ${ARCHIVE}
        # 2nd gen HTTP may run an hour; event-driven up to 540 s; a missing timeout is the 60 s default.
        ${gen2('report', 'report', `
          service_config {
            timeout_seconds       = 3600
            service_account_email = google_service_account.fns.email
            environment_variables = {
              API_TOKEN = "changeme"
              REGION    = "europe-west1"
            }
            secret_environment_variables {
              key        = "STRIPE_KEY"
              project_id = "acme"
              secret     = "stripe-key"
              version    = "latest"
            }
          }`)}
        ${gen2('consume', 'consume', `
          service_config {
            timeout_seconds = 540
          }
          event_trigger {
            event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
            pubsub_topic = google_pubsub_topic.orders.id
          }`)}
        ${gen2('hook', 'hook', `
          service_config {
            timeout_seconds = 300
          }`)}
        ${gen2('guarded', 'guarded', `
          event_trigger {
            event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
            pubsub_topic = google_pubsub_topic.orders.id
          }`)}
        # A pull subscription (its consumer is not a function here), and a push one with a dead-letter topic and a long deadline.
        resource "google_pubsub_subscription" "pull" {
          name  = "reporting"
          topic = google_pubsub_topic.orders.id
        }
        resource "google_pubsub_subscription" "push" {
          name                 = "push"
          topic                = google_pubsub_topic.orders.id
          ack_deadline_seconds = 600
          push_config {
            push_endpoint = google_cloudfunctions2_function.hook.url
          }
          dead_letter_policy {
            dead_letter_topic     = google_pubsub_topic.dead.id
            max_delivery_attempts = 5
          }
        }
        # Editor for the CI account, not a function's; a predefined role for the functions' account.
        resource "google_project_iam_member" "ci" {
          project = "acme"
          role    = "roles/editor"
          member  = "serviceAccount:\${google_service_account.ci.email}"
        }
        resource "google_project_iam_member" "fns" {
          project = "acme"
          role    = "roles/datastore.user"
          member  = "serviceAccount:\${google_service_account.fns.email}"
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore, FieldValue, Timestamp } = require('@google-cloud/firestore');
        const db = new Firestore();
        // HTTP: a retry is the caller's decision, not a redelivery.
        functions.http('report', async (req, res) => {
          await db.collection('reports').add({ at: new Timestamp(1700000000, 0) });
          res.send('ok');
        });
        // Keyed on the message ID: a redelivery overwrites the same document.
        functions.cloudEvent('consume', async (cloudEvent) => {
          const id = cloudEvent.data.message.messageId;
          await db.collection('orders').doc(id).set({ seen: true });
        });
        // Fed by a push subscription: the write is keyed on the Pub/Sub message ID.
        functions.http('hook', async (req, res) => {
          await db.collection('audit').doc(req.body.message.messageId).set(req.body.message);
          res.status(204).end();
        });
        // A processed marker created first: create() fails on a redelivery, before the counter moves.
        functions.cloudEvent('guarded', async (cloudEvent) => {
          await db.doc(\`processed/\${cloudEvent.id}\`).create({});
          await db.doc('stats/orders').update({ count: FieldValue.increment(1) });
        });
      `,
      'keys/not-a-key.json': JSON.stringify({ type: 'authorized_user', client_id: 'x', refresh_token: 'placeholder' }),
    });
    expect(result).toEqual([]);
  });

  it('Cloud Run functions: Cloud Run\'s 3,600 s limit, Eventarc\'s 600 s delivery, an Eventarc consumer\'s side effects, its account\'s basic role, a literal secret', async () => {
    const result = await findings({
      'main.tf': `
        ${ARCHIVE}
        resource "google_service_account" "run" {
          account_id = "run-fns"
        }
        ${runFunction('resize', 'resize', `
          timeout         = "900s"
          service_account = google_service_account.run.email`)}
        ${runFunction('report', 'report', `
          timeout = "4000s"
          containers {
            image = "us-docker.pkg.dev/cloudrun/container/hello"
            env {
              name  = "DB_PASSWORD"
              value = "s3cr3t-Pa55word"
            }
          }`)}
        resource "google_eventarc_trigger" "uploads" {
          name     = "uploads"
          location = "europe-west1"
          matching_criteria {
            attribute = "type"
            value     = "google.cloud.storage.object.v1.finalized"
          }
          destination {
            cloud_run_service {
              service = google_cloud_run_v2_service.resize.name
              region  = "europe-west1"
            }
          }
        }
        resource "google_project_iam_member" "run_editor" {
          project = "acme"
          role    = "roles/editor"
          member  = "serviceAccount:\${google_service_account.run.email}"
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore } = require('@google-cloud/firestore');
        const db = new Firestore();
        functions.cloudEvent('resize', async (cloudEvent) => {
          await db.collection('resized').add({ name: cloudEvent.data.name });
        });
        functions.http('report', async (req, res) => {
          res.json(await db.collection('resized').get());
        });
      `,
    });
    expect(result.sort()).toEqual([
      'main.tf:22 function-timeout/gcpEventarcDeliveryLimit',
      'main.tf:38 function-timeout/gcpAboveMaximum',
      'main.tf:43 hardcoded-secret/environmentVariable',
      'main.tf:70 iam-admin-policy/gcpBasicRole',
      'src/index.js:5 idempotent-consumer/repeatedSideEffect',
    ]);
  });

  it('Cloud Run functions: a push subscription without a dead-letter topic, and secret fix text in Cloud Run\'s terms', async () => {
    const dir = write({
      'main.tf': `
        ${ARCHIVE}
        resource "google_pubsub_topic" "jobs" {
          name = "jobs"
        }
        ${runFunction('jobs', 'jobs', `
          containers {
            image = "us-docker.pkg.dev/cloudrun/container/hello"
            env {
              name  = "API_TOKEN"
              value = "q8Zr2Lm5Xc7Vb1Nn4Kk9"
            }
          }`)}
        resource "google_pubsub_subscription" "jobs" {
          name  = "jobs"
          topic = google_pubsub_topic.jobs.id
          push_config {
            push_endpoint = "\${google_cloud_run_v2_service.jobs.uri}/"
          }
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const signingKey = 'Zp4Lm8Qw2Rt6Yu0Io3Pa';
        functions.http('jobs', (req, res) => res.status(204).end(signingKey ? '' : 'x'));
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    expect(result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.ruleId}/${f.messageId}`).sort()).toEqual([
      'main.tf:26 hardcoded-secret/environmentVariable',
      'main.tf:37 queue-redrive/missingDeadLetterPolicy',
      'src/index.js:2 hardcoded-secret/codeNamedSecret',
    ]);
    const secrets = result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
    for (const finding of secrets) {
      expect(finding.message).toContain('secret_key_ref');
      expect(finding.message).not.toContain('secret_environment_variables');
    }
  });

  it('Cloud Run look-alikes: an hour for an HTTP function, 600 s behind Eventarc, a push deadline that covers the timeout, and a plain container service', async () => {
    const result = await findings({
      'main.tf': `
        ${ARCHIVE}
        resource "google_service_account" "web" {
          account_id = "web"
        }
        resource "google_pubsub_topic" "jobs" {
          name = "jobs"
        }
        resource "google_pubsub_topic" "jobs_dead" {
          name = "jobs-dead"
        }
        # HTTP: Cloud Run allows an hour (a google_cloudfunctions2_function event trigger would allow 540 s).
        ${runFunction('export', 'exportAll', `
          timeout = "3600s"`)}
        # Behind Eventarc: 600 s is what Pub/Sub push waits, so it is within the delivery limit.
        ${runFunction('ingest', 'ingest', `
          timeout = "600s"`)}
        ${runFunction('jobs', 'jobs', `
          timeout = "600s"`)}
        resource "google_eventarc_trigger" "ingest" {
          name     = "ingest"
          location = "europe-west1"
          matching_criteria {
            attribute = "type"
            value     = "google.cloud.storage.object.v1.finalized"
          }
          destination {
            cloud_run_service {
              service = "ingest"
              region  = "europe-west1"
            }
          }
        }
        resource "google_pubsub_subscription" "jobs" {
          name                 = "jobs"
          topic                = google_pubsub_topic.jobs.id
          ack_deadline_seconds = 600
          push_config {
            push_endpoint = google_cloud_run_v2_service.jobs.uri
          }
          dead_letter_policy {
            dead_letter_topic = google_pubsub_topic.jobs_dead.id
          }
        }
        # A container service is no function: its timeout, Eventarc feed, secret and role are not judged here.
        resource "google_cloud_run_v2_service" "web" {
          name     = "web"
          location = "europe-west1"
          template {
            timeout         = "3000s"
            service_account = google_service_account.web.email
            containers {
              image = "europe-docker.pkg.dev/acme/web/site:1.4.2"
              env {
                name  = "SESSION_SECRET"
                value = "k3ep-it-0ut-of-g1t"
              }
            }
          }
        }
        resource "google_eventarc_trigger" "web" {
          name     = "web"
          location = "europe-west1"
          matching_criteria {
            attribute = "type"
            value     = "google.cloud.pubsub.topic.v1.messagePublished"
          }
          destination {
            cloud_run_service {
              service = google_cloud_run_v2_service.web.name
              region  = "europe-west1"
            }
          }
        }
        resource "google_project_iam_member" "web_editor" {
          project = "acme"
          role    = "roles/editor"
          member  = "serviceAccount:\${google_service_account.web.email}"
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore } = require('@google-cloud/firestore');
        const db = new Firestore();
        functions.http('exportAll', async (req, res) => {
          await db.collection('exports').add({ at: Date.now() });
          res.end();
        });
        functions.cloudEvent('ingest', async (cloudEvent) => {
          await db.collection('files').doc(cloudEvent.id).set({ name: cloudEvent.data.name });
        });
        functions.http('jobs', async (req, res) => {
          await db.collection('jobs').doc(req.body.message.messageId).set(req.body.message);
          res.status(204).end();
        });
      `,
    });
    expect(result).toEqual([]);
  });

  it('reads a local module\'s Google resources with each call\'s arguments: a value the caller chooses is reported at its argument, a module default once', async () => {
    const call = (name: string, args: string) => `
      module "${name}" {
        source     = "./modules/function"
        name       = "${name}"
        source_dir = "\${path.module}/functions/${name}"
${args}
      }
    `;
    const result = await findings({
      'main.tf': `
        variable "legacy_timeout" {
          default = 600
        }
        ${call('orders', '        timeout = 900')}
        ${call('reports', '        timeout = 540\n        role    = "roles/datastore.user"')}
        ${call('legacy', '        timeout = var.legacy_timeout')}
      `,
      // The module's own default timeout is above the limit, but every call sets one: never judged alone.
      'modules/function/main.tf': `
        variable "name" {}
        variable "source_dir" {}
        variable "timeout" {
          default = 900
        }
        variable "role" {
          default = "roles/editor"
        }
        resource "google_service_account" "fn" {
          account_id = var.name
        }
        data "archive_file" "src" {
          type        = "zip"
          source_dir  = var.source_dir
          output_path = "\${path.module}/.build/\${var.name}.zip"
        }
        resource "google_storage_bucket_object" "src" {
          name   = "\${var.name}.zip"
          bucket = "artifacts"
          source = data.archive_file.src.output_path
        }
        resource "google_cloudfunctions2_function" "fn" {
          name = var.name
          build_config {
            runtime     = "nodejs20"
            entry_point = "handle"
            source {
              storage_source {
                bucket = "artifacts"
                object = google_storage_bucket_object.src.name
              }
            }
          }
          service_config {
            timeout_seconds       = var.timeout
            service_account_email = google_service_account.fn.email
          }
          event_trigger {
            event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
            pubsub_topic = "projects/acme/topics/\${var.name}"
          }
        }
        resource "google_project_iam_member" "fn" {
          project = "acme"
          role    = var.role
          member  = "serviceAccount:\${google_service_account.fn.email}"
        }
      `,
      'functions/orders/package.json': NODE_PACKAGE,
      'functions/orders/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore } = require('@google-cloud/firestore');
        functions.cloudEvent('handle', async (cloudEvent) => {
          const db = new Firestore();
          await db.doc(\`orders/\${cloudEvent.id}\`).set({ seen: true });
        });
      `,
      'functions/reports/package.json': NODE_PACKAGE,
      'functions/reports/index.js': "const functions = require('@google-cloud/functions-framework');\nfunctions.cloudEvent('handle', async () => {});\n",
      'functions/legacy/package.json': NODE_PACKAGE,
      'functions/legacy/index.js': "const functions = require('@google-cloud/functions-framework');\nfunctions.cloudEvent('handle', async () => {});\n",
    });
    expect(result.sort()).toEqual([
      'functions/orders/index.js:4 client-in-handler/perInvocation',
      'main.tf:26 function-timeout/gcpAboveMaximum',
      'main.tf:9 function-timeout/gcpAboveMaximum',
      'modules/function/main.tf:45 iam-admin-policy/gcpBasicRole',
    ]);
  });

  it('follows a value through nested module calls to where it is written; for_each calls and registry modules stay quiet', async () => {
    const dir = write({
      'main.tf': `
        module "platform" {
          source = "./platform"
          role   = "roles/owner"
        }
        module "per_region" {
          source   = "./platform"
          for_each = toset(["eu", "us"])
          role     = each.value
        }
        module "registry" {
          source  = "terraform-google-modules/event-function/google"
          version = "~> 4.0"
        }
        # Turned off: count = 0 deploys nothing, so its owner role is not judged.
        module "disabled" {
          source = "./platform"
          count  = 0
          role   = "roles/owner"
        }
      `,
      'platform/main.tf': `
        variable "role" {}
        module "worker" {
          source = "../worker"
          grant  = var.role
        }
      `,
      'worker/main.tf': `
        variable "grant" {}
        resource "google_service_account" "worker" {
          account_id = "worker"
        }
        resource "google_cloudfunctions2_function" "worker" {
          name = "worker"
          service_config {
            service_account_email = google_service_account.worker.email
          }
        }
        resource "google_project_iam_member" "worker" {
          project = "acme"
          role    = var.grant
          member  = "serviceAccount:\${google_service_account.worker.email}"
        }
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    // Written at the root, passed through platform into worker: reported where it is written, once.
    // The for_each calls pass each.value, unknown here, so nothing is judged for them; count = 0 deploys nothing.
    expect(result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.messageId}`)).toEqual(['main.tf:3 gcpBasicRole']);
    expect(result.findings[0]!.message).toContain('module.platform.module.worker.google_project_iam_member.worker grants roles/owner');
    // The registry module is named in a notice by the Terraform lowering, once.
    expect(result.notices.filter((n) => n.message.includes('module registry'))).toHaveLength(1);
  });

  it('a module that sets its blocks with dynamic blocks from the objects its callers pass (as Google\'s own function module does)', async () => {
    const dir = write({
      'main.tf': `
        resource "google_service_account" "fns" {
          account_id = "fns"
        }
        resource "google_project_iam_member" "fns" {
          project = "acme"
          role    = "roles/editor"
          member  = "serviceAccount:\${google_service_account.fns.email}"
        }
        ${ARCHIVE}
        module "ingest" {
          source      = "./function"
          name        = "ingest"
          entry_point = "ingest"
          storage_source = {
            bucket = "artifacts"
            object = google_storage_bucket_object.src.name
          }
          service_config = {
            timeout_seconds       = 900
            service_account_email = google_service_account.fns.email
            env = {
              WEBHOOK_SECRET = "wh-7Hq2Lm9Xv4Rt8Kp3Zs6N"
            }
          }
          event_trigger = {
            event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
            pubsub_topic = "projects/acme/topics/ingest"
            retry_policy = "RETRY_POLICY_RETRY"
          }
        }
        # HTTP (no event_trigger passed): an hour is allowed, so 900 s is fine.
        module "export" {
          source      = "./function"
          name        = "export"
          entry_point = "exportAll"
          storage_source = {
            bucket = "artifacts"
            object = google_storage_bucket_object.src.name
          }
          service_config = {
            timeout_seconds = 900
          }
        }
      `,
      'function/main.tf': `
        variable "name" {}
        variable "entry_point" {}
        variable "storage_source" {}
        variable "service_config" {
          default = null
        }
        variable "event_trigger" {
          default = null
        }
        resource "google_cloudfunctions2_function" "function" {
          name = var.name
          build_config {
            runtime     = "nodejs20"
            entry_point = var.entry_point
            source {
              dynamic "storage_source" {
                for_each = var.storage_source != null ? [var.storage_source] : []
                content {
                  bucket = storage_source.value.bucket
                  object = storage_source.value.object
                }
              }
            }
          }
          dynamic "service_config" {
            for_each = var.service_config != null ? [var.service_config] : []
            content {
              timeout_seconds       = service_config.value.timeout_seconds
              service_account_email = lookup(service_config.value, "service_account_email", null)
              environment_variables = lookup(service_config.value, "env", {})
            }
          }
          dynamic "event_trigger" {
            for_each = var.event_trigger == null ? [] : [var.event_trigger]
            content {
              event_type   = event_trigger.value["event_type"] != null ? event_trigger.value["event_type"] : null
              pubsub_topic = event_trigger.value.pubsub_topic
              retry_policy = event_trigger.value.retry_policy
            }
          }
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { Firestore } = require('@google-cloud/firestore');
        const db = new Firestore();
        functions.cloudEvent('ingest', async (cloudEvent) => {
          await db.collection('events').add({ id: cloudEvent.id });
        });
        functions.http('exportAll', async (req, res) => {
          res.json(await db.collection('events').get());
        });
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    expect(result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.ruleId}/${f.messageId}`).sort()).toEqual([
      'main.tf:30 function-timeout/gcpAboveMaximum',
      'main.tf:33 hardcoded-secret/environmentVariable',
      'main.tf:6 iam-admin-policy/gcpBasicRole',
      'src/index.js:5 idempotent-consumer/repeatedSideEffect',
    ]);
    // The account the caller passes in is the caller's: its grant of Editor reaches the module's function (not export's, which has none).
    expect(result.findings.find((f) => f.ruleId === 'iam-admin-policy')!.message).toContain('of function module.ingest.google_cloudfunctions2_function.function:');
    expect(result.findings.find((f) => f.ruleId === 'function-timeout')!.message).toContain('module.ingest.');
    expect(result.findings.find((f) => f.ruleId === 'idempotent-consumer')!.message).toContain('retried on failure');
  });

  it('a module\'s findings name the call, and a value from the root\'s variable default says so', async () => {
    const dir = write({
      'main.tf': 'variable "t" {\n  default = 600\n}\nmodule "jobs" {\n  source  = "./fn"\n  timeout = var.t\n}\n',
      'fn/main.tf': `
        variable "timeout" {}
        resource "google_cloudfunctions_function" "fn" {
          name         = "jobs"
          runtime      = "python312"
          trigger_http = true
          timeout      = var.timeout
        }
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    expect(result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.messageId}`)).toEqual(['main.tf:6 gcpAboveMaximum']);
    expect(result.findings[0]!.message).toContain('Function module.jobs.google_cloudfunctions_function.fn has a 600 s timeout');
    expect(result.findings[0]!.message).toContain('(assuming var.t = 600, its default)');
  });

  it('a Firestore built from the package itself (require returns the class) is a client too; its Timestamp is not', async () => {
    const result = await findings({
      'fn/package.json': NODE_PACKAGE,
      'fn/index.js': `
        const Firestore = require('@google-cloud/firestore');
        exports.store = async (data, context) => {
          const pictures = new Firestore().collection('pictures');
          await pictures.doc(data.name).set({ at: Firestore.Timestamp.now() });
        };
      `,
    });
    expect(result).toEqual(['fn/index.js:3 client-in-handler/perInvocation']);
  });

  it('1st gen background exports by their shape: (event), (data, context), (event, context, callback); (req, res) is HTTP; others are not handlers', async () => {
    const result = await findings({
      'fn/package.json': NODE_PACKAGE,
      'fn/index.js': `
        const { PubSub } = require('@google-cloud/pubsub');
        const pubsub = new PubSub();
        exports.one = async (pubsubMessage) => { await pubsub.topic('a').publishMessage({ data: pubsubMessage.data }); };
        exports.two = async (data, context) => { await pubsub.topic('b').publishMessage({ data: data.data }); };
        exports.three = (event, context, callback) => { pubsub.topic('c').publishMessage({ data: event.data }).then(() => callback()); };
        exports.http = async (req, res) => { await pubsub.topic('d').publishMessage({ data: req.body }); res.end(); };
        exports.helper = async (topic, payload) => { await pubsub.topic(topic).publishMessage({ data: payload }); };
      `,
    });
    expect(result.sort()).toEqual(['fn/index.js:3 idempotent-consumer/repeatedSideEffect', 'fn/index.js:4 idempotent-consumer/repeatedSideEffect', 'fn/index.js:5 idempotent-consumer/repeatedSideEffect']);
  });

  it('a Google API key in a Functions Framework handler is reported in Google terms, masked; an environment fallback is not', async () => {
    const dir = write({
      'fn/package.json': NODE_PACKAGE,
      'fn/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const MAPS_KEY = 'AIzaSyD3f8Gk1Lm7Qp0Rs3Tu6Vw9Yz1Ab4Cd7Xy';
        const REGION = process.env.REGION || 'europe-west1';
        functions.http('geocode', async (req, res) => {
          const r = await fetch(\`https://maps.googleapis.com/maps/api/geocode/json?key=\${MAPS_KEY}&region=\${REGION}\`);
          res.json(await r.json());
        });
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    expect(result.findings.map((f) => [f.loc.line, f.ruleId, f.messageId])).toEqual([[2, 'hardcoded-secret', 'codeKnownFormat']]);
    expect(result.findings[0]!.message).toContain('Secret Manager');
    expect(result.findings[0]!.message).not.toContain('Cd7Xy');
  });

  it('hardcoded-secret tells Google\'s own fix in the messages every platform shares: Secret Manager, secret_environment_variables', async () => {
    const dir = write({
      'main.tf': `
        ${ARCHIVE}
        ${gen2('api', 'api', `
          service_config {
            environment_variables = {
              DB_PASSWORD = "s3cr3t-Pa55word"
              SLACK_HOOK  = "https://hooks.slack.com/services/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"
            }
          }`)}
        resource "google_sql_user" "app" {
          name     = "app"
          instance = "db"
          password = "Tr0ub4dor-and-3"
        }
      `,
      'src/package.json': NODE_PACKAGE,
      'src/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const apiToken = 'q8Zr2Lm5Xc7Vb1Nn4Kk9';
        functions.http('api', (req, res) => res.send(apiToken.length));
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    const secrets = result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
    expect(secrets.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line} ${f.messageId}`).sort()).toEqual([
      'main.tf:30 environmentVariable',
      'main.tf:31 environmentVariable',
      'main.tf:39 passwordProperty',
      'src/index.js:2 codeNamedSecret',
    ]);
    for (const finding of secrets) {
      expect(finding.message).toContain('Secret Manager');
      expect(finding.message).not.toMatch(/Secrets Manager|SSM|Lambda|\{\{/);
    }
    expect(secrets.find((f) => f.loc.line === 30)!.message).toContain("the Terraform files, the state and the function's configuration; put it in Secret Manager and pass it with secret_environment_variables instead.");
    expect(secrets.find((f) => f.loc.line === 39)!.message).toContain('google_secret_manager_secret_version');
  });

  it('a Workflows execution started per storage event is a side effect', async () => {
    const result = await findings({
      'fn/package.json': NODE_PACKAGE,
      'fn/index.js': `
        const { ExecutionsClient } = require('@google-cloud/workflows');
        const client = new ExecutionsClient();
        exports.onUpload = async (event, context) => {
          await client.createExecution({ parent: 'projects/p/locations/l/workflows/w', execution: { argument: JSON.stringify(event) } });
        };
      `,
    });
    expect(result).toEqual(['fn/index.js:4 idempotent-consumer/repeatedSideEffect']);
  });

  it('reads a committed service-account key once, at its private_key, and no other JSON', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDKq8c3fT5y0b7Z\\nWm4Xc1v9Kp2Lq7RsTu8VwXy3Zb5Nc6Md7Pe8Qf9Rg0Sh1Ti2Uj3Vk4Wl5Xm6Yn7Zo8\\n-----END PRIVATE KEY-----\\n';
    const result = await findings({
      'credentials/deployer.json': `{\n  "type": "service_account",\n  "project_id": "acme",\n  "private_key_id": "abc",\n  "private_key": "${key}",\n  "client_email": "deployer@acme.iam.gserviceaccount.com"\n}\n`,
      'package.json': '{ "name": "x", "private_key": "not read: a package manifest" }',
      // A test fixture's stand-in (found in terraform-google-modules/docs-examples): no PEM key, nothing to leak.
      'testdata/stand-in-key.json': '{\n  "type": "service_account",\n  "private_key": "not-a-key",\n  "client_email": "ci@example.test"\n}\n',
    });
    expect(result).toEqual(['credentials/deployer.json:5 hardcoded-secret/gcpKeyFile']);
  });

  it('1st gen Python without functions-framework in requirements.txt: linked when Terraform names it', async () => {
    const result = await findings({
      'main.tf': `
        data "archive_file" "fn" {
          type        = "zip"
          source_dir  = "\${path.module}/fn"
          output_path = "/tmp/fn.zip"
        }
        resource "google_storage_bucket_object" "fn" {
          name   = "fn.zip"
          bucket = "b"
          source = data.archive_file.fn.output_path
        }
        resource "google_cloudfunctions_function" "fn" {
          name                  = "fn"
          runtime               = "python39"
          entry_point           = "archive_upload"
          source_archive_object = google_storage_bucket_object.fn.name
          event_trigger {
            event_type = "google.storage.object.finalize"
            resource   = "uploads"
          }
        }
      `,
      'fn/requirements.txt': 'google-cloud-storage==2.10.0\n',
      'fn/main.py': `
        from google.cloud import storage


        def archive_upload(data, context):
            client = storage.Client()
            client.bucket("archive").blob(data["name"]).upload_from_string(b"")
      `,
    });
    expect(result).toEqual(['fn/main.py:5 client-in-handler/perInvocation']);
  });

  it('1st gen Python without Terraform or functions-framework: only with strong evidence of a gcloud functions deployment', async () => {
    const main = `
      from google.cloud import storage


      def on_upload(event, context):
          client = storage.Client()
          client.bucket("thumbs").blob(event["name"]).upload_from_string(b"")


      def report(request):
          client = storage.Client()
          return str(len(list(client.list_buckets())))
    `;
    const requirements = 'google-cloud-storage==2.10.0\n';
    const result = await findings({
      // .gcloudignore, which gcloud functions deploy writes, beside a Google client library.
      'ignored/.gcloudignore': '.gcloudignore\n.git\n__pycache__/\n',
      'ignored/requirements.txt': requirements,
      'ignored/main.py': main,
      // A deploy script that runs gcloud functions deploy.
      'scripted/deploy.sh': '#!/bin/sh\ngcloud functions deploy on-upload --runtime python39 --entry-point on_upload --trigger-bucket uploads\n',
      'scripted/requirements.txt': requirements,
      'scripted/main.py': main,
      // The folder's README tells how to deploy it as a function.
      'documented/README.md': '# Thumbnails\n\n```sh\ngcloud functions deploy on_upload --runtime python39 --trigger-bucket uploads\n```\n',
      'documented/requirements.txt': requirements,
      'documented/main.py': main,
      // Look-alikes: no deployment sign; App Engine's .gcloudignore; a Cloud Run deploy; no Google client library.
      'plain/README.md': '# Thumbnails\n\nRun `python main.py` to make thumbnails locally.\n',
      'plain/requirements.txt': requirements,
      'plain/main.py': main,
      'appengine/.gcloudignore': '.git\n',
      'appengine/app.yaml': 'runtime: python312\n',
      'appengine/requirements.txt': requirements,
      'appengine/main.py': main,
      'run/deploy.sh': '#!/bin/sh\ngcloud run deploy reports --source .\n',
      'run/requirements.txt': requirements,
      'run/main.py': main,
      'noclient/.gcloudignore': '.git\n',
      'noclient/requirements.txt': 'requests==2.32.3\n',
      'noclient/main.py': main,
    });
    expect(result.sort()).toEqual([
      'documented/main.py:10 client-in-handler/perInvocation',
      'documented/main.py:5 client-in-handler/perInvocation',
      'ignored/main.py:10 client-in-handler/perInvocation',
      'ignored/main.py:5 client-in-handler/perInvocation',
      'scripted/main.py:10 client-in-handler/perInvocation',
      'scripted/main.py:5 client-in-handler/perInvocation',
    ]);
  });

  it('a Python client imported by its bare name is named with its module', async () => {
    const dir = write({
      'fn/requirements.txt': 'functions-framework==3.8.2\ngoogle-cloud-logging==3.11.0\n',
      'fn/main.py': `
        import functions_framework
        from google.cloud.logging import Client


        @functions_framework.http
        def log(request):
            Client().setup_logging()
            return "ok"
      `,
    });
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ preset: 'all' }, undefined, dir) });
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^google\.cloud\.logging\.Client\(\) \(Google Cloud client\) is created on every invocation/)]);
  });

  it('checks Functions Framework code without Terraform: cloudEvent registrations are consumers, HTTP ones are not', async () => {
    const result = await findings({
      'fn/package.json': NODE_PACKAGE,
      'fn/index.js': `
        const functions = require('@google-cloud/functions-framework');
        const { PubSub } = require('@google-cloud/pubsub');
        const pubsub = new PubSub();
        functions.cloudEvent('fanOut', async (cloudEvent) => {
          await pubsub.topic('jobs').publishMessage({ json: cloudEvent.data });
        });
        functions.http('enqueue', async (req, res) => {
          await pubsub.topic('jobs').publishMessage({ json: req.body });
          res.send('queued');
        });
      `,
      // Not served by the framework: no dependency on it, so (req, res) exports are nobody's handler.
      'other/package.json': JSON.stringify({ name: 'other', main: 'index.js' }),
      'other/index.js': `
        const { Storage } = require('@google-cloud/storage');
        exports.helper = (req, res) => { const s = new Storage(); res.send(s ? 'x' : 'y'); };
      `,
      'py/requirements.txt': 'functions-framework==3.8.2\ngoogle-cloud-firestore==2.19.0\n',
      'py/main.py': `
        import functions_framework
        from google.cloud import firestore

        db = firestore.Client()


        @functions_framework.cloud_event
        def on_upload(cloud_event):
            marker = db.collection("processed").document(cloud_event["id"])
            marker.create({})
            db.collection("uploads").add({"name": cloud_event.data["name"]})


        @functions_framework.cloud_event
        def count_upload(cloud_event):
            db.collection("stats").document("uploads").update({"n": firestore.Increment(1)})


        @functions_framework.http
        def status(request):
            client = firestore.Client()
            return {"uploads": client.collection("stats").document("uploads").get().to_dict()}
      `,
    });
    expect(result.sort()).toEqual([
      'fn/index.js:5 idempotent-consumer/repeatedSideEffect',
      'py/main.py:16 idempotent-consumer/repeatedSideEffect',
      'py/main.py:21 client-in-handler/perInvocation',
    ]);
  });
});
