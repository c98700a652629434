import { createRule, docsUrl, type Report } from '../../src/engine/rule.js';
import { get, walk, isScalar, type TNode } from '../../src/parse/tree.js';
import { findSecretFormat, isInstruction, isPlaceholder, isSecretName, isWeakPassword, maskSecret, type SecretMatch } from '../../src/secrets/formats.js';
import type { StackModel } from '../../src/model/types.js';

export const ruleName = 'hardcoded-secret';

/** Property names that hold a password in resources not listed in AWS_PASSWORD_PROPERTIES (custom resources, say). */
const PASSWORD_PROPERTIES = new Set(['MasterUserPassword', 'AuthToken', 'SecretString', 'Password']);

/**
 * Where AWS resources take a password (CloudFormation property paths; `*` is every item of a list).
 * The value is deployed as written, so any literal is a password in the repository — a tutorial's
 * `password` included, which is a weak one too.
 */
const AWS_PASSWORD_PROPERTIES: Record<string, string[][]> = {
  'AWS::RDS::DBInstance': [['MasterUserPassword']],
  'AWS::RDS::DBCluster': [['MasterUserPassword']],
  'AWS::DocDB::DBCluster': [['MasterUserPassword']],
  'AWS::DocDBElastic::Cluster': [['AdminUserPassword']],
  'AWS::Redshift::Cluster': [['MasterUserPassword']],
  'AWS::RedshiftServerless::Namespace': [['AdminUserPassword']],
  'AWS::AmazonMQ::Broker': [['Users', '*', 'Password']],
  'AWS::OpenSearchService::Domain': [['AdvancedSecurityOptions', 'MasterUserOptions', 'MasterUserPassword']],
  'AWS::Elasticsearch::Domain': [['AdvancedSecurityOptions', 'MasterUserOptions', 'MasterUserPassword']],
  'AWS::DirectoryService::MicrosoftAD': [['Password']],
  'AWS::DirectoryService::SimpleAD': [['Password']],
  'AWS::ElastiCache::ReplicationGroup': [['AuthToken']],
  'AWS::ElastiCache::User': [['Passwords', '*']],
  'AWS::MemoryDB::User': [['AuthenticationMode', 'Passwords', '*']],
  'AWS::IAM::User': [['LoginProfile', 'Password']],
  'AWS::DMS::Endpoint': [['Password']],
};

/**
 * Where each platform keeps secrets, for the fix text: the situations are the same on every platform
 * (one message id each), the store and how a function receives the secret are the platform's own.
 */
interface StoreText {
  /** Where a secret belongs. */
  store: string;
  /** Who besides the repository can read a value written into the infrastructure code. */
  readers: string;
  /** Where a literal environment variable ends up. */
  stored: string;
  /** How to pass the secret to the function instead. */
  fix: string;
  /** Where code reads a secret from at run time. */
  codeStore: string;
  /** What to write instead of a literal password attribute. */
  passwordFix: string;
}

const STORE_TEXT: Record<'aws' | 'azure' | 'gcp', StoreText> = {
  aws: {
    store: 'Secrets Manager or SSM',
    readers: 'the stack',
    stored: 'the template and the Lambda configuration',
    fix: 'put the secret in Secrets Manager or SSM and pass its ARN or a dynamic reference',
    codeStore: 'Secrets Manager or SSM (or an environment variable set from them)',
    passwordFix: 'Use a dynamic reference such as {{resolve:secretsmanager:…}} or GenerateSecretString',
  },
  azure: {
    store: 'Azure Key Vault',
    readers: 'the Terraform state',
    stored: 'the Terraform files, the state and the app settings',
    fix: 'put it in Key Vault and reference it from the app setting (@Microsoft.KeyVault(SecretUri=…))',
    codeStore: 'Azure Key Vault (a Key Vault reference in the app settings, or SecretClient with a managed identity)',
    passwordFix: 'Read it from Key Vault (data "azurerm_key_vault_secret") or generate it (random_password)',
  },
  gcp: {
    store: 'Secret Manager',
    readers: 'the Terraform state',
    stored: "the Terraform files, the state and the function's configuration",
    fix: 'put it in Secret Manager and pass it with secret_environment_variables',
    codeStore: 'Secret Manager (or an environment variable set with secret_environment_variables)',
    passwordFix: 'Generate it (random_password) or read it from Secret Manager (data "google_secret_manager_secret_version")',
  },
};

/** A Cloud Run function takes its secrets as a container's `env { value_source { secret_key_ref } }`, not `secret_environment_variables`. */
const CLOUD_RUN_TEXT: Pick<StoreText, 'fix' | 'codeStore'> = {
  fix: 'put it in Secret Manager and reference it from the container: env { name = "…" value_source { secret_key_ref { secret = …, version = "latest" } } }',
  codeStore: 'Secret Manager (or an environment variable set from it with env.value_source.secret_key_ref)',
};

export interface Options {
  /** Regular expressions; a name or value matching one is never reported. */
  allow: string[];
  /** Regular expressions for further secret-like names, e.g. `^LICENSE_KEY$`. */
  additionalNames: string[];
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'secrets',
    reads: 'iac+source',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Credentials must not be written into templates or code',
      full:
        'A password, token or key written into a template is readable by everyone with access to the repository, its history and its forks, and it lands in plain text in the CloudFormation console and the Lambda configuration. sls-lint reports literals in known credential formats (AWS access keys, GitHub, Slack, Stripe, Google, private keys, URLs with a password, …) anywhere in a template, and literal values of secret-like environment variables, parameter defaults and password properties. The value is always masked in the output.',
      help:
        'Store the secret in AWS Secrets Manager or SSM Parameter Store (SecureString) and reference it: `{{resolve:secretsmanager:prod/db:SecretString:password}}` in the template, or read it at runtime with the ARN in an environment variable. For parameters, use `NoEcho: true` without a `Default`. A credential that was committed must be rotated: removing it from the file does not remove it from history.',
    },
    tags: ['security', 'secrets'],
    precision: 'high',
    platforms: ['azure', 'gcp'],
    securitySeverity: '7.5',
    messages: {
      knownFormat: '{{where}} contains {{format}} ({{masked}}). Move it to {{store}} and rotate it: it is readable by anyone with the repository or {{readers}}.',
      environmentVariable:
        'Environment variable {{name}}{{functions}} is set to a literal secret ({{masked}}). It is stored in plain text in {{stored}}; {{fix}} instead.',
      parameterDefault:
        'Parameter {{name}} has a literal default secret ({{masked}}) and no NoEcho: it is in the repository and shown in the console. Remove the Default, set NoEcho: true, or resolve it from Secrets Manager.',
      passwordProperty: '{{property}} of {{resource}} is a literal ({{masked}}). {{fix}}, and rotate this password.',
      weakPasswordProperty:
        '{{property}} of {{resource}} is a literal, common password ({{masked}}): it is in the repository and the first thing a guesser tries. Use a dynamic reference such as {{resolve:secretsmanager:…}} or GenerateSecretString, and change this password.',
      codeKnownFormat:
        'This string contains {{format}} ({{masked}}), in code that {{handler}} loads. Read it at runtime from {{store}} and rotate it: it is readable by anyone with the repository or the deployment package.',
      codeNamedSecret:
        '{{name}} is set to a literal secret ({{masked}}) in code that {{handler}} loads. Read it at runtime from {{store}} and rotate it.',
      gcpKeyFile:
        'This file is a Google Cloud service-account key ({{account}}) with its private key ({{masked}}) committed: anyone with the repository can act as that service account. Delete the key in IAM (gcloud iam service-accounts keys delete), remove the file, and let the function use its attached service account instead of a key.',
      azureAppSetting:
        'App setting {{name}} of {{app}} {{holds}} ({{masked}}): it is in the repository and in the Terraform state. Reference Key Vault instead (@Microsoft.KeyVault(SecretUri=…)), or connect with the app\'s managed identity ({{identity}}), and rotate {{rotate}}.',
      azureLocalSetting:
        'Setting {{name}} in this committed local.settings.json {{holds}} ({{masked}}). Keep local.settings.json out of the repository (it is meant to stay on your machine), point the deployed app setting at Key Vault (@Microsoft.KeyVault(SecretUri=…)) or connect with a managed identity, and rotate the key.',
    },
    schema: {
      type: 'object',
      properties: {
        allow: { type: 'array', items: { type: 'string', format: 'regex' }, uniqueItems: true },
        additionalNames: { type: 'array', items: { type: 'string', format: 'regex' }, uniqueItems: true },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { allow: [], additionalNames: [] },
  check({ stack, options, report }) {
    const allow = options.allow.map((p) => new RegExp(p));
    const names = options.additionalNames.map((p) => new RegExp(p, 'i'));
    const allowed = (...texts: string[]) => allow.some((pattern) => texts.some((t) => pattern.test(t)));
    const reported = new Set<string>();
    const once = (node: TNode, emit: () => void) => {
      // Paths alone can repeat: Terraform attributes of nested blocks are named relative to the block.
      const key = `${node.loc.file}:${node.loc.line}:${node.loc.column}#${node.path}`;
      if (reported.has(key)) return;
      reported.add(key);
      emit();
    };

    for (const setting of stack.azureAppSettings ?? []) {
      const value = setting.node;
      if (!isScalar(value) || typeof value.value !== 'string' || allowed(setting.name, value.value)) continue;
      const match = findSecretFormat(value.value, setting.literal ? setting.name : undefined);
      // A reference or interpolation (`var.key`, `azurerm_storage_account.x.primary_access_key`) is no literal secret.
      const secretByName = setting.literal && isSecretName(setting.name, names) && !isPlaceholder(value.value) && !isIdentityConnectionSetting(setting.name);
      if (!match && !secretByName) continue;
      const holds = match ? `holds ${match.format.description}` : 'is a literal secret';
      once(value, () => report({ messageId: 'azureAppSetting', node: value, data: { name: setting.name, app: setting.app, holds, masked: maskSecret(value.value as string, match?.format), ...identityHint(setting.name, match?.format.id) } }));
    }
    if (stack.format === 'gcp-key-file') return checkKeyFile(stack, allowed, report);
    const google = stack.platform === 'gcp';
    const text = STORE_TEXT[stack.platform ?? 'aws'];
    checkEnvironment(stack, names, allowed, once, report);
    checkParameters(stack, names, allowed, once, report);
    if (google) checkGooglePasswords(stack, allowed, once, report);
    else checkPasswordProperties(stack, allowed, once, report);
    // Everything else: any string in a known credential format, wherever it is written.
    walk(stack.root, (node, key) => {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const match = findSecretFormat(node.value, key);
      if (!match || allowed(node.value, key ?? '')) return;
      once(node, () => report({ messageId: 'knownFormat', node, data: { where: key ? `${key}` : 'This value', ...formatData(match), store: text.store, readers: text.readers } }));
    });
  },
  checkSource({ facts, functions, handlerLabel, options, report }) {
    const platform = functions.some((fn) => fn.platform === 'azure') ? 'azure' : (functions[0]?.platform ?? facts.registration?.platform ?? 'aws');
    const store = functions.length && functions.every((fn) => fn.cloudRunService) ? CLOUD_RUN_TEXT.codeStore : STORE_TEXT[platform].codeStore;
    const allow = options.allow.map((p) => new RegExp(p));
    const names = options.additionalNames.map((p) => new RegExp(p, 'i'));
    for (const literal of facts.strings) {
      const { value, name, loc, path } = literal;
      if (literal.environmentFallback || allow.some((p) => p.test(value) || (name !== undefined && p.test(name)))) continue;
      const match = findSecretFormat(value, name);
      if (match) {
        report({ messageId: 'codeKnownFormat', loc, path, data: { ...formatData(match), handler: handlerLabel, store } });
      } else if (name !== undefined && isSecretName(name, names) && !isPlaceholder(value)) {
        report({ messageId: 'codeNamedSecret', loc, path, data: { name, masked: maskSecret(value), handler: handlerLabel, store } });
      }
    }
  },
});

type Once = (node: TNode, emit: () => void) => void;

/**
 * The settings of an identity-based connection (`ServiceBusConnection__credential = "managedidentity"`,
 * `__clientId`, `__fullyQualifiedNamespace`, `__serviceUri`, …) name how to connect, not a secret.
 * A `__clientSecret` is still one.
 */
function isIdentityConnectionSetting(name: string): boolean {
  return /__(credential|clientId|tenantId|fullyQualifiedNamespace|accountName|serviceUri|accountEndpoint|(blob|queue|table|file)ServiceUri)$/i.test(name);
}

/** How a managed identity replaces the secret: a database authenticates the identity in its connection string, Azure services by the setting's `__` suffixes. */
function identityHint(name: string, format: string | undefined): { identity: string; rotate: string } {
  if (format === 'connection-string-password') return { identity: 'Authentication=Active Directory Managed Identity in the connection string, with no password', rotate: 'the password' };
  return { identity: `${name}__fullyQualifiedNamespace / __accountName`, rotate: 'the key' };
}

function formatData(match: SecretMatch) {
  return { format: match.format.description, masked: maskSecret(match.value, match.format) };
}

function checkEnvironment(stack: StackModel, names: RegExp[], allowed: (...t: string[]) => boolean, once: Once, report: Report): void {
  const storeText = STORE_TEXT[stack.platform ?? 'aws'];
  const users = new Map<string, string[]>();
  for (const fn of stack.functions) for (const v of fn.environment) users.set(v.value.path, [...(users.get(v.value.path) ?? []), fn.id]);
  for (const fn of stack.functions) {
    for (const variable of fn.environment) {
      const value = variable.value;
      if (!isScalar(value) || typeof value.value !== 'string' || allowed(variable.name, value.value)) continue;
      const match = findSecretFormat(value.value, variable.name);
      const secretByName = isSecretName(variable.name, names) && !isPlaceholder(value.value) && !(fn.platform === 'azure' && isIdentityConnectionSetting(variable.name));
      if (!match && !secretByName) continue;
      const fns = users.get(value.path) ?? [fn.id];
      if (fn.platform === 'azure') {
        const holds = match ? `holds ${match.format.description}` : 'is a literal secret';
        once(value, () => report({ messageId: 'azureLocalSetting', node: value, data: { name: variable.name, holds, masked: maskSecret(value.value as string, match?.format) } }));
        continue;
      }
      const functions = variable.source === 'globals' ? ` (${stack.format === 'serverless' ? 'provider.environment' : 'Globals'}, used by ${fns.length > 1 ? 'functions' : 'function'} ${fns.join(', ')})` : ` of function ${fn.id}`;
      once(value, () =>
        report({ messageId: 'environmentVariable', node: value, data: { name: variable.name, functions, masked: maskSecret(value.value as string, match?.format), stored: storeText.stored, fix: fn.cloudRunService ? CLOUD_RUN_TEXT.fix : storeText.fix } }),
      );
    }
  }
}

/** Google resources that take a password as an attribute (`google_sql_user.password`). */
const GCP_PASSWORD_ATTRIBUTES: Record<string, string> = {
  google_sql_user: 'password',
  google_sql_database_instance: 'root_password',
};

function checkGooglePasswords(stack: StackModel, allowed: (...t: string[]) => boolean, once: Once, report: Report): void {
  for (const resource of stack.resources.values()) {
    const attribute = GCP_PASSWORD_ATTRIBUTES[resource.type];
    const value = attribute && resource.properties ? get(resource.properties, attribute) : undefined;
    if (!attribute || !isScalar(value) || typeof value.value !== 'string') continue;
    const text = value.value;
    if (text.trim() === '' || isPlaceholder(text) || allowed(attribute, text)) continue;
    once(value, () => report({ messageId: 'passwordProperty', node: value, data: { property: attribute, resource: resource.id, masked: maskSecret(text), fix: STORE_TEXT.gcp.passwordFix } }));
  }
}

/** A committed service-account key file: its `private_key`, reported once at that line. */
function checkKeyFile(stack: StackModel, allowed: (...t: string[]) => boolean, report: Report): void {
  const key = get(stack.root, 'private_key');
  const email = get(stack.root, 'client_email');
  if (!isScalar(key) || typeof key.value !== 'string' || allowed('private_key', key.value)) return;
  // Test fixtures write stand-ins (`"private_key": "not-a-key"`): only a PEM private key is one.
  if (!/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/.test(key.value)) return;
  const match = findSecretFormat(key.value, 'private_key');
  report({ messageId: 'gcpKeyFile', node: key, data: { account: isScalar(email) ? String(email.value) : 'an unnamed account', masked: maskSecret(key.value, match?.format) } });
}

function checkParameters(stack: StackModel, names: RegExp[], allowed: (...t: string[]) => boolean, once: Once, report: Report): void {
  for (const parameter of stack.parameters.values()) {
    const value = parameter.defaultValue;
    if (!isScalar(value) || typeof value.value !== 'string' || allowed(parameter.id, value.value)) continue;
    const text = value.value;
    const match = findSecretFormat(text, parameter.id);
    if (!parameter.noEcho && isSecretName(parameter.id, names) && !isPlaceholder(text)) {
      once(value, () => report({ messageId: 'parameterDefault', node: value, data: { name: parameter.id, masked: maskSecret(text, match?.format) } }));
    } else if (match) {
      // NoEcho hides the value in the console, not in the repository.
      once(value, () => report({ messageId: 'knownFormat', node: value, data: { where: `Default of parameter ${parameter.id}`, ...formatData(match), store: STORE_TEXT.aws.store, readers: STORE_TEXT.aws.readers } }));
    }
  }
}

function checkPasswordProperties(stack: StackModel, allowed: (...t: string[]) => boolean, once: Once, report: Report): void {
  for (const resource of stack.resources.values()) {
    if (!resource.properties) continue;
    const paths = AWS_PASSWORD_PROPERTIES[resource.type];
    if (paths) {
      for (const path of paths) {
        for (const value of nodesAt(resource.properties, path)) {
          if (!isScalar(value) || typeof value.value !== 'string') continue;
          const text = value.value;
          if (text.trim() === '' || isInstruction(text) || allowed(path.at(-1)!, text)) continue;
          const property = path.filter((key) => key !== '*').join('.');
          once(value, () =>
            report({ messageId: isWeakPassword(text) ? 'weakPasswordProperty' : 'passwordProperty', node: value, data: { property, resource: resource.id, masked: maskSecret(text), fix: STORE_TEXT.aws.passwordFix } }),
          );
        }
      }
      continue;
    }
    walk(resource.properties, (node) => {
      if (node.kind !== 'map') return;
      for (const entry of node.entries) {
        const value = entry.value;
        if (!PASSWORD_PROPERTIES.has(entry.key) || !isScalar(value) || typeof value.value !== 'string') continue;
        if (isPlaceholder(value.value) || allowed(entry.key, value.value)) continue;
        once(value, () =>
          report({ messageId: 'passwordProperty', node: value, data: { property: entry.key, resource: resource.id, masked: maskSecret(value.value as string), fix: STORE_TEXT[stack.platform ?? 'aws'].passwordFix } }),
        );
      }
    });
  }
}

/** The nodes at a property path; `*` steps into every item of a list. */
function nodesAt(node: TNode, path: string[]): TNode[] {
  if (path.length === 0) return [node];
  const [key, ...rest] = path;
  if (key === '*') return node.kind === 'seq' ? node.items.flatMap((item) => nodesAt(item, rest)) : [];
  const child = get(node, key!);
  return child ? nodesAt(child, rest) : [];
}
