/**
 * Credential formats, as data. Each pattern is written from the provider's published format (a
 * fact), not copied from another scanner. `prefix` is the public part that may be shown when the
 * value is masked; everything after it never is.
 */
export interface SecretFormat {
  id: string;
  description: string;
  pattern: RegExp;
  /** Matches the public start of a value, e.g. `AKIA`; absent when nothing may be shown. */
  prefix?: RegExp;
  /** Matches of the pattern that are not credentials (a published development key, a placeholder); `text` is the whole string. */
  notSecret?: (match: string, text: string) => boolean;
}

/**
 * The account key of the Azurite emulator (and the Azure Storage Emulator before it): Microsoft
 * publishes it in the Azurite documentation, and it opens only a local emulator.
 */
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The key part of `AccountKey=…`/`SharedAccessKey=…` is the emulator's, or a placeholder. */
function notAzureKey(match: string): boolean {
  const key = match.slice(match.indexOf('=') + 1);
  return key === AZURITE_ACCOUNT_KEY || isPlaceholder(key) || /^[A-Za-z]+$/.test(key.replace(/=+$/, ''));
}

/**
 * `Password=`/`Pwd=` of an ADO.NET, ODBC or JDBC-style connection string (`Server=…;User ID=…;
 * Password=…`). A value may be quoted (`'…'`, `"…"`) or braced (`{…}`, ODBC); the key is
 * case-insensitive.
 */
const CONNECTION_PASSWORD = /(?<=(?:^|;)\s*)(?:Password|Pwd)\s*=\s*(?:'[^']*'|"[^"]*"|\{[^}]*\}|[^;'"{\s][^;]*)/i;
/** Other keys of a connection string: without one, `Password=x` is only text. */
const CONNECTION_KEYS = /(?:^|;)\s*(?:Server|Data Source|Address|Addr|Network Address|Host|Initial Catalog|Database|User ID|UID|User|Driver|Port)\s*=/i;
/**
 * The password of a connection string is a placeholder, an environment lookup or a format slot, or
 * the string is not one. Windows or Microsoft Entra authentication (`Integrated Security=True`,
 * `Authentication=Active Directory Managed Identity`) needs no password; one written beside it anyway
 * is still the account's password, and still found.
 */
function notConnectionPassword(match: string, text: string): boolean {
  if (!CONNECTION_KEYS.test(text)) return true;
  const value = match.slice(match.indexOf('=') + 1).trim().replace(/^(['"{])([\s\S]*)['"}]$/, '$2');
  // `%s`, `%(password)s`, `{0}`, `{password}`, `$(DB_PASSWORD)`, `#{Password}#`: filled in elsewhere.
  if (/^%(\(\w+\))?s$|^\{\w*\}$|^\$\(\w+\)$|^#\{[^}]+\}#?$/.test(value)) return true;
  // An f-string or template that reads it from the environment or a vault.
  if (/\b(environ|getenv|process\.env|Environment\.GetEnvironmentVariable|get_secret|getSecret)\b/.test(value)) return true;
  return isPlaceholder(value);
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  { id: 'aws-access-key-id', description: 'an AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/, prefix: /^(AKIA|ASIA|ABIA|ACCA)/ },
  { id: 'private-key', description: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, prefix: /^-----BEGIN/ },
  { id: 'github-token', description: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/, prefix: /^gh[pousr]_/ },
  { id: 'github-fine-grained-token', description: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/, prefix: /^github_pat_/ },
  { id: 'gitlab-token', description: 'a GitLab personal access token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/, prefix: /^glpat-/ },
  { id: 'slack-token', description: 'a Slack token', pattern: /\bxox[abeprs]-[A-Za-z0-9-]{10,}\b/, prefix: /^xox[abeprs]-/ },
  { id: 'slack-webhook', description: 'a Slack incoming webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/, prefix: /^https:\/\/hooks\.slack\.com\/services\// },
  { id: 'stripe-secret-key', description: 'a Stripe live secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/, prefix: /^[sr]k_live_/ },
  { id: 'google-api-key', description: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, prefix: /^AIza/ },
  { id: 'sendgrid-api-key', description: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/, prefix: /^SG\./ },
  { id: 'twilio-api-key', description: 'a Twilio API key', pattern: /\bSK[0-9a-f]{32}\b/, prefix: /^SK/ },
  { id: 'npm-token', description: 'an npm access token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/, prefix: /^npm_/ },
  { id: 'openai-api-key', description: 'an OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/, prefix: /^sk-/ },
  // Azure connection strings carry the key itself: 64 random bytes for storage and Cosmos DB accounts, 32 for SAS policies.
  { id: 'azure-account-key', description: 'an Azure Storage or Cosmos DB account key', pattern: /\bAccountKey=[A-Za-z0-9+/]{40,}={0,2}/, prefix: /^AccountKey=/, notSecret: notAzureKey },
  { id: 'azure-shared-access-key', description: 'an Azure Service Bus or Event Hubs shared access key', pattern: /\bSharedAccessKey=[A-Za-z0-9+/]{40,}={0,2}/, prefix: /^SharedAccessKey=/, notSecret: notAzureKey },
  { id: 'connection-string-password', description: 'a database connection string password', pattern: CONNECTION_PASSWORD, prefix: /^(?:Password|Pwd)\s*=/i, notSecret: notConnectionPassword },
  { id: 'anthropic-api-key', description: 'an Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}\b/, prefix: /^sk-ant-/ },
];

/** `scheme://user:password@host`: the password part, for connection strings. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@[^\s/]+/i;

/** Values AWS publishes in its documentation as examples. */
const DOCUMENTED_EXAMPLES = /EXAMPLE/i;

export interface SecretMatch {
  format: SecretFormat;
  /** The matched credential (never to be printed). */
  value: string;
}

const URL_FORMAT: SecretFormat = { id: 'url-credentials', description: 'a URL with an embedded password', pattern: URL_CREDENTIALS };

/**
 * An AWS secret access key is 40 base64 characters with no marker of its own, so the shape alone
 * would also match hashes and random IDs: it counts only under a name that says what it is.
 */
const AWS_SECRET_FORMAT: SecretFormat = {
  id: 'aws-secret-access-key',
  description: 'an AWS secret access key',
  pattern: /^[A-Za-z0-9/+]{40}$/,
};
const AWS_SECRET_NAME = /(^|_)(secret_access_key|secret_key|aws_secret)$/;

function isAwsSecretAccessKey(value: string, name: string): boolean {
  if (!AWS_SECRET_NAME.test(normaliseName(name)) || !AWS_SECRET_FORMAT.pattern.test(value)) return false;
  // Random base64 mixes cases and digits; a git SHA or hex digest (also 40 characters) does not.
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value) && !DOCUMENTED_EXAMPLES.test(value);
}

/**
 * The first known credential format in a string, if any. `name`, when the string is bound to one
 * (an environment variable, a property, a constant), admits the formats that are recognisable
 * only by their name: AWS secret access keys.
 */
export function findSecretFormat(text: string, name?: string): SecretMatch | undefined {
  for (const format of SECRET_FORMATS) {
    const match = format.pattern.exec(text);
    if (match && !DOCUMENTED_EXAMPLES.test(match[0]) && !format.notSecret?.(match[0], text)) return { format, value: match[0] };
  }
  const url = URL_CREDENTIALS.exec(text);
  if (url && !isPlaceholder(url[1]!)) return { format: URL_FORMAT, value: url[1]! };
  const trimmed = text.trim();
  if (name !== undefined && isAwsSecretAccessKey(trimmed, name)) return { format: AWS_SECRET_FORMAT, value: trimmed };
  return undefined;
}

/** Names that hold a secret value: password, token, api key, client secret, private key, … */
const SECRET_NAME =
  /((^|_)pass|passwords?|passwd|passphrase|pwd|secret|secret_?key|secret_key_base|token|api_?keys?|private_?key|access_?key|signing_?key|encryption_?key|session_?key|auth_?key|basic_?auth|credentials?)$/;
/**
 * Names that hold a reference to a secret or a setting about it rather than the secret itself:
 * SECRET_ARN, DB_PASSWORD_PARAM, TOKEN_TTL, API_KEY_HEADER, PASSWORD_MIN_LENGTH, ACCESS_KEY_ID, …
 */
const REFERENCE_SUFFIX = /_(arn|name|id|ids|path|param|parameter|ssm|ttl|length|len|min|max|header|url|uri|enabled|disabled|file|region|expiry|expires|expiration|timeout|type|field|prefix|suffix|count|size|version|policy|rotation|store|location|endpoint|host|port|user|username|table|bucket|queue|topic|key_id|id_key)$/;

/** Normalises `dbPassword`, `DB-PASSWORD`, `db.password` to `db_password`. */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/^_|_$/g, '');
}

export function isSecretName(name: string, additional: RegExp[] = []): boolean {
  const normalised = normaliseName(name);
  if (REFERENCE_SUFFIX.test(normalised)) return false;
  return SECRET_NAME.test(normalised) || additional.some((pattern) => pattern.test(name));
}

const PLACEHOLDER =
  /^((please[-_ ]?)?change([-_ ]?(me|it|this))?|replace[-_ ]?(me|it|this)|todo|tbd|fixme|x{3,}|\*+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[^%]*%|dummy|example|sample|test(ing)?|password|secret|token|none|null|nil|undefined|n\/a|fake|placeholder|default|your[-_ ]?[\w-]*|my_?(password|secret|token)\w*|\.+|-+)$/i;

const COMMON_DUMMIES = /^(abc\d+|abcdef\w{0,4}|a?1234567?8?9?0?|qwerty\d*|letmein\d*|admin\d*|foo(bar)?\d*|asdf\w{0,6}|(secret|password|passw(or)?d|pass|token|key|test)[-_]?\d{1,6})$/i;

/** Values that are clearly not a real credential: placeholders, references, settings. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 6) return true;
  if (PLACEHOLDER.test(trimmed) || DOCUMENTED_EXAMPLES.test(trimmed)) return true;
  if (/^arn:/.test(trimmed)) return true;
  if (/^(.)\1+$/.test(trimmed)) return true;
  // Instructions rather than values: "xoxb-PUT YOUR BOT TOKEN HERE", "sk_live_<your key>".
  if (isInstruction(trimmed)) return true;
  // The same written as one token: REPLACE-WITH-YOUR-SECRET-HERE, insert_your_key.
  if (/[-_]/.test(trimmed) && trimmed.split(/[-_]+/).some((w) => /^(your|here|insert|replace|enter|paste|changeme)$/i.test(w))) return true;
  // Masked samples (AIzaXXXX…, sk_live_xxxxxxxx) and the values tutorials use.
  if (/X{4,}|x{6,}/.test(trimmed) || COMMON_DUMMIES.test(trimmed)) return true;
  // A parameter/secret path or an identifier-style name, not a value: /prod/db/password, DB_PASSWORD.
  if (/^\/[\w\-./]+$/.test(trimmed) || /^[A-Z][A-Z0-9_]+$/.test(trimmed)) return true;
  if (/^(true|false|yes|no|on|off|\d+)$/i.test(trimmed)) return true;
  // Stripe publishable keys are public by design; test-mode keys reach only test data.
  if (/^(pk_(live|test)_|[sr]k_test_)/.test(trimmed)) return true;
  return false;
}

/**
 * Text that tells the reader what to put there rather than being a value: `<your token>`,
 * `sk_live_<your key>`, `[YOU TOKEN PLZ]`, `[API_TOKEN]`, `{{resolve:…}}`, `${DbPassword}`.
 */
export function isInstruction(value: string): boolean {
  const trimmed = value.trim();
  if (/<[^>]+>/.test(trimmed)) return true;
  // A bracketed note: words and spaces in brackets, or one upper-case name in them.
  if (/^\[[^\]]*\]$/.test(trimmed) && (/\s/.test(trimmed) || /^\[[A-Z][A-Z0-9_-]*\]$/.test(trimmed))) return true;
  if (/\{\{resolve:/.test(trimmed) || /\$\{[^}]+\}/.test(trimmed)) return true;
  // Azure app settings that point at Key Vault or App Configuration, resolved by the platform.
  if (/^@Microsoft\.(KeyVault|AppConfiguration)\(/i.test(trimmed)) return true;
  return /\s/.test(trimmed) && /\b(your|here|insert|replace|enter|paste|fill|goes|todo|placeholder)\b/i.test(trimmed);
}

/**
 * A literal that a guesser tries first: a word or pattern tutorials use (`password`, `password1234`,
 * `changeme`, `admin123`), or fewer than eight characters. As a deployed password it is still a
 * password, and a weak one.
 */
export function isWeakPassword(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 8 || /^(.)\1+$/.test(trimmed) || /^\d+$/.test(trimmed)) return true;
  return PLACEHOLDER.test(trimmed) || COMMON_DUMMIES.test(trimmed) || /^(password|passw0rd|p@ssw0rd|secret|admin|root|changeme|welcome|letmein|qwerty)[-_!@#]?\d{0,8}[!@#]?$/i.test(trimmed);
}

/**
 * A masked form that is safe to print: the format's public prefix at most, then a fixed mask. The
 * mask never depends on the value's length.
 */
export function maskSecret(value: string, format?: SecretFormat): string {
  const prefix = format?.prefix?.exec(value)?.[0] ?? '';
  return `${prefix}********`;
}
