import { describe, expect, it } from 'vitest';
import { findSecretFormat, isPlaceholder, isSecretName, maskSecret, normaliseName } from '../src/secrets/formats.js';

// Credential-shaped values are assembled at run time so none sits in the repository as a literal.
const join = (...parts: string[]) => parts.join('');

describe('findSecretFormat', () => {
  it.each([
    ['aws-access-key-id', join('AKIA', 'Z7QX4M2WPLMN3KQR'), 'AKIA********'],
    ['aws-access-key-id', join('ASIA', 'Z7QX4M2WPLMN3KQR'), 'ASIA********'],
    ['github-token', join('ghp_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'), 'ghp_********'],
    ['github-fine-grained-token', join('github_pat_', '11AAAAAAA0', 'x'.repeat(72)), 'github_pat_********'],
    ['gitlab-token', join('glpat-', 'Zx9Yw8Vu7Ts6Rq5Po4Nm'), 'glpat-********'],
    ['slack-token', join('xoxb-', '2435780143-2435780143-AbCdEfGhIjKl'), 'xoxb-********'],
    ['stripe-secret-key', join('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'), 'sk_live_********'],
    ['google-api-key', join('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'AIza********'],
    ['npm-token', join('npm_', 'a'.repeat(18), 'B'.repeat(18)), 'npm_********'],
    ['private-key', join('-----BEGIN OPENSSH ', 'PRIVATE KEY-----'), '-----BEGIN********'],
  ])('recognises %s and masks it to its public prefix', (id, value, masked) => {
    const match = findSecretFormat(`prefix ${value} suffix`);
    expect(match?.format.id).toBe(id);
    expect(match?.value).toBe(value);
    expect(maskSecret(match!.value, match!.format)).toBe(masked);
  });

  it('finds passwords in connection strings but not placeholders there', () => {
    expect(findSecretFormat('postgres://app:s3cure-Pass-99@db:5432/app')?.format.id).toBe('url-credentials');
    expect(findSecretFormat('postgres://app:${DbPassword}@db:5432/app')).toBeUndefined();
    expect(findSecretFormat('https://user@example.com/x')).toBeUndefined();
    expect(findSecretFormat('redis://:changeme@cache:6379')).toBeUndefined();
  });

  it.each([
    ['AWS documentation example key', 'AKIAIOSFODNN7EXAMPLE'],
    ['a key id with characters outside base32', join('AKIA', '0000111188889999')],
    ['a too-short GitHub token', 'ghp_abc'],
    ['a Stripe test key', join('sk_test_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['an ordinary sentence', 'The token is refreshed hourly'],
  ])('leaves %s alone', (_name, value) => {
    expect(findSecretFormat(value)).toBeUndefined();
  });
});

describe('AWS secret access keys', () => {
  const secretKey = join('Fake/Secret+Key0', 'abcdefgh12345678', 'XYZ0abcd');

  it('are recognised under a name that says what they are, and show nothing when masked', () => {
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'SecretAccessKey', 'aws_secret', 'awsSecretKey']) {
      const match = findSecretFormat(secretKey, name);
      expect(match?.format.id, name).toBe('aws-secret-access-key');
      expect(maskSecret(match!.value, match!.format)).toBe('********');
    }
  });

  it.each([
    ['without a name', secretKey, undefined],
    ['under an unrelated name', secretKey, 'Checksum'],
    ['a git SHA (hex, one case)', '3f786850e387550fdab836ed7e6dc881de23001b', 'SECRET_KEY'],
    ["AWS's documented example", 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY'],
    ['41 characters', `${secretKey}Z`, 'AWS_SECRET_ACCESS_KEY'],
  ])('are not guessed %s', (_case, value, name) => {
    expect(findSecretFormat(value, name)).toBeUndefined();
  });
});

describe('names and values', () => {
  it('normalises every naming style', () => {
    expect(['dbPassword', 'DB_PASSWORD', 'db-password', 'db.password', 'DbPassword'].map(normaliseName)).toEqual(Array(5).fill('db_password'));
  });

  it.each(['DB_PASSWORD', 'dbPassword', 'API_KEY', 'apiKey', 'AUTH_TOKEN', 'CLIENT_SECRET', 'PRIVATE_KEY', 'SECRET', 'STRIPE_SECRET', 'SMTP_PASSWD', 'SECRET_KEY', 'STRIPE_SECRET_KEY', 'SECRET_KEY_BASE', 'BASIC_AUTH', 'DB_PASS', 'API_KEYS'])('%s is secret-like', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['SECRET_ARN', 'DB_PASSWORD_SECRET_ARN', 'API_KEY_HEADER', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'SECRET_NAME', 'ACCESS_KEY_ID', 'TOKEN_ENDPOINT', 'TABLE_NAME', 'TOKENIZER_MODEL', 'BYPASS', 'bypassCache', 'COMPASS_HEADING', 'SECRET_KEY_ID', 'TOKEN_EXPIRY', 'AUTH_MODE'])(
    '%s is not',
    (name) => expect(isSecretName(name)).toBe(false),
  );

  it.each(['changeme', 'CHANGE_ME', '<password>', '${DbPassword}', '{{resolve:ssm-secure:/db/pw}}', 'xxxxxxxx', '********', 'dummy', 'arn:aws:secretsmanager:us-east-1:1:secret:x', '/prod/db/password', 'DB_PASSWORD', '12345678', 'short', 'aaaaaaaa', "xoxb-PUT YOUR BOT'S TOKEN HERE", 'sk_live_<your key>', 'enter the password here', 'please-change', 'change it', 'your-api-key', 'REPLACE_ME', 'REPLACE-WITH-YOUR-SECRET-HERE', 'insert_your_key', 'AIzaXXXXXXXX', 'sk_live_xxxxxxxxxxxx', 'abc123', 'password123', 'qwerty', '[YOU TOKEN PLZ]', '<your token>', '[API_TOKEN]', '[ put the key here ]'])(
    '%s is a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );

  it.each(['Tr0ub4dor-and-3', 'hunter22', 'kq8Vn2LmX5rT', 'correct horse battery staple', 'correct-horse-battery-staple', 'abc123-Kq8vN2Lm', '[kq8Vn2LmX5rT]'])('%s is a value', (value) => expect(isPlaceholder(value)).toBe(false));

  it('never shows anything of a value without a known prefix', () => {
    expect(maskSecret('Tr0ub4dor-and-3')).toBe('********');
  });
});

describe('database connection string passwords', () => {
  const id = (text: string) => findSecretFormat(text)?.format.id;
  it('finds a written password in ADO.NET, ODBC and key=value connection strings, and masks it', () => {
    const found = findSecretFormat('Server=tcp:db.example.net,1433;Initial Catalog=orders;User ID=app;Password=Gv7#pLq2!xW9;Encrypt=True;');
    expect([found?.format.id, found && maskSecret(found.value, found.format)]).toEqual(['connection-string-password', 'Password=********']);
    expect(id('Driver={ODBC Driver 18 for SQL Server};Server=db;UID=app;pwd={Gv7;pLq2};')).toBe('connection-string-password');
    expect(id("Host=db;Port=5432;Username=app;Password='w8Kq!zP3rT'")).toBe('connection-string-password');
    // Windows authentication ignores it, but a written password is still the account's password.
    expect(id('Server=tcp:db.example.net,1433;Initial Catalog=orders;User ID=app;Password=Gv7@2020xW;Trusted_Connection=True;')).toBe('connection-string-password');
  });

  it('does not find placeholders, format slots, environment lookups, unused passwords or text that is no connection string', () => {
    for (const text of [
      'Server=db;Database=orders;User ID=app;Password={your_password};',
      'Server=db;Database=orders;User ID=app;Password=<password>;',
      'Server=db;Database=orders;User ID=app;Password=${DB_PASSWORD};',
      'Server=db;Database=orders;User ID=app;Password=%(password)s;',
      'Server=db;Database=orders;User ID=app;Password={0};',
      "Server=db;Database=orders;User ID=app;Password={os.environ['DB_PASSWORD']};",
      'Server=db;Database=orders;Integrated Security=SSPI;',
      'Server=db;Database=orders;Authentication=Active Directory Default;',
      'Password=Gv7#pLq2!xW9',
      'MyPassword=Gv7#pLq2!xW9;Server=db',
    ]) expect(id(text), text).toBeUndefined();
  });
});
