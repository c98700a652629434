/**
 * Google Cloud Functions in Python: `@functions_framework.http` and `@functions_framework.cloud_event`
 * decorators, and the plain functions of `main.py` that the Functions Framework serves by name
 * (`def hello_http(request)`, 1st gen's `def hello_pubsub(event, context)`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameworkRegistration } from '../facts.js';
import type { Loc } from '../../parse/tree.js';
import type { PyModule } from './modules.js';
import { readUtf8 } from '../../parse/decode.js';

type DecoratorNode = { text: string };

/** The registration a def's decorators make, when one of them is the framework's. */
export function decoratorRegistration(module: PyModule, decorators: DecoratorNode[], loc: Loc): FrameworkRegistration | undefined {
  for (const decorator of decorators) {
    const text = decorator.text.replace(/\s+/g, '');
    const [root, member] = text.split('.');
    const binding = root ? module.index.bindings.get(root) : undefined;
    if (!binding || binding.module !== 'functions_framework') continue;
    const method = member ?? binding.name;
    if (method === 'http') return { platform: 'gcp', invocation: 'http', written: `@${text}`, loc };
    if (method === 'cloud_event') return { platform: 'gcp', invocation: 'event', written: `@${text}`, loc };
  }
  return undefined;
}

/** `(request)` → HTTP; `(cloud_event)`, `(event, context)`, `(data, context)` → an event; a function of the served main.py only. */
export function shapeRegistration(module: PyModule, name: string, params: string[], loc: Loc): FrameworkRegistration | undefined {
  if (path.basename(module.file) !== 'main.py') return undefined;
  const invocation =
    params.length === 1 && params[0] === 'request' ? 'http'
    : (params.length === 1 && params[0] === 'cloud_event') || (params.length === 2 && params[1] === 'context' && /^(event|data|message)$/.test(params[0]!)) ? 'event'
    : undefined;
  // The shape first: the folder test reads requirements.txt, the listing and deploy scripts, for every def of main.py.
  if (!invocation || !servedAsCloudFunction(path.dirname(module.file))) return undefined;
  return { platform: 'gcp', invocation, written: `def ${name}(${params.join(', ')})`, loc };
}

/** requirements.txt lists `functions-framework`. */
const FRAMEWORK_REQUIREMENT = /^\s*functions[-_]framework\b/im;

function requirementsOf(folder: string): string | undefined {
  try {
    return readFileSync(path.join(folder, 'requirements.txt'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A folder whose main.py Cloud Functions serves: its requirements.txt lists the Functions Framework,
 * or — 1st gen never needed the framework in requirements.txt — strong signs of a 1st gen deployment.
 */
export function servedAsCloudFunction(folder: string): boolean {
  const requirements = requirementsOf(folder);
  return requirements !== undefined && (FRAMEWORK_REQUIREMENT.test(requirements) || deployedAsFirstGen(folder, requirements));
}

/**
 * 1st gen without the framework: requirements.txt lists a Google Cloud client library, and the folder
 * is deployed with `gcloud functions deploy` (a script, Makefile or its README says so) or carries the
 * `.gcloudignore` that command writes. A folder that App Engine (app.yaml) or a container
 * (Dockerfile, Procfile) deploys is not a function, and one without these signs is left alone: a
 * `def main(request)` in a script is no evidence by itself.
 */
function deployedAsFirstGen(folder: string, requirements: string): boolean {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return false;
  }
  const googleClient = /^\s*google-cloud-[a-z0-9-]+/im.test(requirements);
  const otherHost = names.some((n) => /^(app\.ya?ml|Dockerfile|Procfile)$/i.test(n));
  return googleClient && !otherHost && (names.includes('.gcloudignore') || names.some((n) => DEPLOY_SCRIPT.test(n) && deploysFunctions(path.join(folder, n))));
}

/** Where a folder says how it is deployed: scripts, a Makefile, Cloud Build, or its own README's instructions. */
const DEPLOY_SCRIPT = /(\.(sh|bash|ps1|cmd|bat)|^Makefile|^cloudbuild\.ya?ml|^README(\.(md|rst|txt))?)$/i;

function deploysFunctions(file: string): boolean {
  try {
    return /\bgcloud\s+(?:(?:alpha|beta)\s+)?functions\s+deploy\b/.test(readUtf8(file).slice(0, 64 * 1024));
  } catch {
    return false;
  }
}
