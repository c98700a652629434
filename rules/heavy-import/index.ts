import { createRule, docsUrl } from '../../src/engine/rule.js';
import { HEAVY_PACKAGES, type HeavyPackage } from '../../src/source/heavy-packages.js';
import type { FrontendLanguage } from '../../src/source/facts.js';
import { formatSize } from '../../src/source/module-size.js';

export const ruleName = 'heavy-import';

export interface Options {
  /** More packages to treat as heavy. */
  packages: { name: string; alternative: string }[];
  /** Packages from the built-in table (or over the size limit) that this project accepts. */
  allow: string[];
  /** Measured: any package whose module graph in node_modules is larger than this many bytes. */
  maxBytes: number;
}

/** `aws-sdk` is not in the Lambda Node.js runtimes from nodejs18.x on. */
const RUNTIMES_WITHOUT_SDK_V2 = /^nodejs(1[89]|[2-9]\d)\.x$/;

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'cold-start',
    reads: 'source',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'Heavy packages imported at module scope slow every cold start',
      full:
        'Everything a handler imports at module scope — and everything the project modules it imports import — is loaded and parsed before the first event is handled. Some packages are far heavier than the part of them a function uses: the whole AWS SDK v2, all of lodash, moment. sls-lint follows the handler\'s static imports through the project and names the lighter alternative. The AWS SDK v2 is not part of the nodejs18.x and later runtimes, so importing it also bundles all of it into the deployment package.',
      help:
        'Import the part you use (`@aws-sdk/client-s3` instead of `aws-sdk`, `lodash/get` instead of `lodash`), switch to a lighter package, or load the heavy one lazily where it is rarely needed:\n\n```js\nif (event.format === "pdf") {\n  const { render } = await import("heavy-pdf-lib");\n}\n```',
    },
    tags: ['performance', 'cold-start', 'dependencies'],
    precision: 'high',
    platforms: ['azure', 'gcp'],
    messages: {
      heavyImport: '{{specifier}} is imported at module scope{{via}} for {{handler}}: {{weight}}{{measured}} on every cold start. Use {{alternative}}.',
      overSize:
        '{{specifier}} is imported at module scope{{via}} for {{handler}} and loads {{files}} files ({{size}}) on every cold start, above the {{limit}} limit. Import only the part you use, or {{lazy}}.',
      sdkV2NotInRuntime:
        'aws-sdk (v2) is imported{{via}} for {{handler}} on {{runtime}}, which does not include it: the whole SDK is bundled into the package and loaded on every cold start. Use the modular v3 clients (@aws-sdk/client-*), which the runtime provides.',
    },
    schema: {
      type: 'object',
      properties: {
        packages: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 }, alternative: { type: 'string', minLength: 1 } },
            required: ['name', 'alternative'],
            additionalProperties: false,
          },
        },
        allow: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        maxBytes: { type: 'integer', minimum: 1 },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { packages: [], allow: [], maxBytes: 2 * 1024 * 1024 },
  checkSource({ facts, measureImport, functions, handlerLabel, options, report }) {
    const table: HeavyPackage[] = [
      ...HEAVY_PACKAGES[facts.language].filter((p) => !options.allow.includes(p.name)),
      ...options.packages.map((p) => ({ ...p, weight: `${p.name} is heavy (configured)` })),
    ];
    const runtimes = new Set(functions.flatMap((f) => (f.runtime.value?.known ? [f.runtime.value.value] : [])));
    const language = LANGUAGES[facts.language];
    // One finding per package and file: a second import of the same package costs nothing more.
    const seen = new Set<string>();
    const azure = functions.some((f) => f.platform === 'azure');
    for (const found of facts.coldStartImports) {
      // The Azure Functions Python worker provides the azure.functions library itself.
      if (azure && /^azure\.functions(\.|$)/.test(found.specifier)) continue;
      const packageName = language.packageOf(found.specifier);
      const heavy = table.find((p) => p.name === (facts.language === 'python' ? packageName : found.specifier));
      if (!heavy && (options.allow.includes(packageName) || language.providedByRuntime.test(packageName))) continue;
      if (seen.has(`${found.file}#${packageName}`)) continue;
      const cost = measureImport(found.specifier, found.file);
      if (!heavy && !(cost && cost.bytes > options.maxBytes)) continue;
      seen.add(`${found.file}#${packageName}`);
      const via = found.file === facts.file ? '' : ` in ${found.file.split(/[\\/]/).pop()}`;
      const { loc, path } = found;
      const measured = cost ? ` (${cost.files}${cost.truncated ? '+' : ''} files, ${formatSize(cost.bytes)} measured in ${language.installedIn})` : '';
      if (!heavy) {
        report({
          messageId: 'overSize',
          loc,
          path,
          data: {
            specifier: found.specifier,
            via,
            handler: handlerLabel,
            files: `${cost!.files}${cost!.truncated ? '+' : ''}`,
            size: formatSize(cost!.bytes),
            limit: formatSize(options.maxBytes),
            lazy: language.lazy,
          },
        });
        continue;
      }
      const modernRuntime = [...runtimes].find((r) => RUNTIMES_WITHOUT_SDK_V2.test(r));
      // The Lambda runtimes' SDK; on Google Cloud no runtime includes one.
      const onLambda = functions.every((f) => !f.platform) && !facts.registration;
      const sdkV2 = facts.language === 'javascript' && heavy.name === 'aws-sdk' && modernRuntime && onLambda;
      report({
        messageId: sdkV2 ? 'sdkV2NotInRuntime' : 'heavyImport',
        loc,
        path,
        data: { specifier: found.specifier, via, handler: handlerLabel, weight: heavy.weight, alternative: azure ? heavy.alternative.replace(/\s*\(and ship it in a layer\)/, '') : heavy.alternative, runtime: modernRuntime ?? '', measured },
      });
    }
  },
});

/** How each language names a package, where it installs packages, and how it loads one later. */
const LANGUAGES: Record<FrontendLanguage, { packageOf(specifier: string): string; installedIn: string; lazy: string; providedByRuntime: RegExp }> = {
  javascript: {
    // Measured like any package when installed: the runtime's copy of the v3 SDK is not what is loaded then.
    providedByRuntime: /^$/,
    packageOf: (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!),
    installedIn: 'node_modules',
    lazy: 'load it with await import() where it is needed',
  },
  python: {
    // The Lambda Python runtimes ship boto3 and its dependencies, and Powertools comes as a layer AWS
    // publishes: a vendored copy is not what makes a cold start heavy.
    providedByRuntime: /^(boto3|botocore|s3transfer|jmespath|urllib3|dateutil|six|awslambdaric|aws_lambda_powertools)$/,
    packageOf: (specifier) => specifier.split('.')[0]!,
    installedIn: 'the project\'s packages',
    lazy: 'import it inside the function that needs it',
  },
};
