import { describe, expect, it } from 'vitest';
import { lintTemplate, testRule, type InvalidCase } from '../../test/support/rule-tester.js';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule, { type Options } from './index.js';

// Built at run time so that no credential-shaped literal sits in the repository.
const awsKey = ['AKIA', 'Z7QX4M2WPLMN3KQR'].join('');
const githubToken = ['ghp', '_', 'q'.repeat(20), 'R7mK2xPzT9vLwY4nB8cD'].join('');
const stripeKey = ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
const privateKey = ['-----BEGIN RSA ', 'PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----'].join('');
// 40 base64 characters, as an AWS secret access key is; recognisable only by the name it is bound to.
const awsSecret = ['Fake/Secret+Key0', 'abcdefgh12345678', 'XYZ0abcd'].join('');

const invalid: InvalidCase<Options>[] = [
  {
    name: 'secret-like environment variables with literal values, once for Globals',
    template: `
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Environment:
            Variables:
              STRIPE_SECRET: ${stripeKey}
      Resources:
        A:
          Type: AWS::Serverless::Function
          Properties:
            Handler: a.handler
            Environment:
              Variables:
                DB_PASSWORD: Tr0ub4dor-and-3
                apiKey: kq8Vn2LmX5rT
        B:
          Type: AWS::Serverless::Function
          Properties:
            Handler: b.handler
    `,
    errors: [
      { messageId: 'environmentVariable', line: 6, column: 24, messageIncludes: ['STRIPE_SECRET', 'Globals, used by functions A, B', 'sk_live_********'] },
      { messageId: 'environmentVariable', line: 14, column: 24, messageIncludes: ['DB_PASSWORD of function A', '(********)', 'the template and the Lambda configuration', 'Secrets Manager or SSM and pass its ARN'] },
      { messageId: 'environmentVariable', line: 15, column: 19, messageIncludes: ['apiKey'] },
    ],
  },
  {
    name: 'known formats anywhere: any variable name, parameters with NoEcho, inside Sub, in metadata',
    template: `
      Parameters:
        DeployKey:
          Type: String
          NoEcho: true
          Default: ${githubToken}
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Environment:
              Variables:
                LEGACY: ${awsKey}
                DATABASE_URL: postgres://app:s3cure-Pass-99@db.internal:5432/app
            Code:
              ZipFile: !Sub "const key = '${privateKey}';"
    `,
    errors: [
      { messageId: 'knownFormat', line: 5, column: 14, messageIncludes: ['Default of parameter DeployKey contains a GitHub token (ghp_********)', 'Move it to Secrets Manager or SSM', 'or the stack.'] },
      { messageId: 'environmentVariable', line: 12, column: 19, messageIncludes: ['LEGACY', 'AKIA********'] },
      { messageId: 'environmentVariable', line: 13, column: 25, messageIncludes: ['DATABASE_URL'] },
      { messageId: 'knownFormat', line: 15, column: 23, messageIncludes: ['a private key (-----BEGIN********)'] },
    ],
  },
  {
    name: 'parameter defaults without NoEcho, and password properties',
    template: `
      Parameters:
        AdminPassword:
          Type: String
          Default: correct-horse-battery
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            MasterUsername: admin
            MasterUserPassword: Sup3r-Secr3t-Db
        Broker:
          Type: AWS::AmazonMQ::Broker
          Properties:
            Users:
              - Username: app
                Password: mq-Passw0rd-2024
    `,
    errors: [
      { messageId: 'parameterDefault', line: 4, column: 14, messageIncludes: ['Parameter AdminPassword'] },
      { messageId: 'passwordProperty', line: 10, column: 27, messageIncludes: ['MasterUserPassword of Db', 'Use a dynamic reference such as {{resolve:secretsmanager:…}}'] },
      { messageId: 'passwordProperty', line: 16, column: 21, messageIncludes: ['Password of Broker'] },
    ],
  },
  {
    name: 'password properties of AWS resources: weak literals are reported as such, instructions are not',
    template: `
      Resources:
        Broker:
          Type: AWS::AmazonMQ::Broker
          Properties:
            Users:
              - { Username: admin, Password: password1234 }
              - { Username: ops, Password: '<your password>' }
              - { Username: app, Password: '{{resolve:secretsmanager:mq:SecretString:password}}' }
        Aurora:
          Type: AWS::RDS::DBCluster
          Properties:
            MasterUserPassword: password
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            AdvancedSecurityOptions:
              MasterUserOptions: { MasterUserName: admin, MasterUserPassword: 'Kq8v-N2Lm-X5rT' }
        Directory:
          Type: AWS::DirectoryService::MicrosoftAD
          Properties:
            Password: '[DIRECTORY ADMIN PASSWORD]'
        Custom:
          Type: Custom::Seed
          Properties:
            Password: password
    `,
    errors: [
      { messageId: 'weakPasswordProperty', line: 6, column: 40, messageIncludes: ['Users.Password of Broker', 'common password (********)'] },
      { messageId: 'weakPasswordProperty', line: 12, column: 27 },
      { messageId: 'passwordProperty', line: 17, column: 73, messageIncludes: ['AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword of Search'] },
    ],
  },
  {
    name: 'Terraform database and broker passwords',
    format: 'terraform',
    template: `
      resource "aws_db_instance" "db" {
        password = "password"
      }
      resource "aws_mq_broker" "mq" {
        user {
          username = "app"
          password = "mq-Passw0rd-2024"
        }
      }
      resource "aws_rds_cluster" "from_secret" {
        master_password = aws_secretsmanager_secret_version.db.secret_string
      }
    `,
    errors: [
      { messageId: 'weakPasswordProperty', line: 2, column: 14, messageIncludes: ['MasterUserPassword of aws_db_instance.db'] },
      { messageId: 'passwordProperty', line: 7, column: 16, messageIncludes: ['Users.Password of aws_mq_broker.mq'] },
    ],
  },
  {
    name: 'additional secret-like names through options',
    options: { additionalNames: ['^LICENSE_KEY$'] },
    template: `
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Environment:
              Variables:
                LICENSE_KEY: 8f3e1c0b-77aa-4e1c-9d2f
    `,
    errors: [{ messageId: 'environmentVariable', line: 7, column: 24 }],
  },
  {
    name: 'AWS secret access keys by the name they are bound to; secret keys and basic auth by name',
    template: `
      Parameters:
        AwsSecretAccessKey:
          Type: String
          NoEcho: true
          Default: ${awsSecret}
      Resources:
        Copier:
          Type: Custom::S3Copy
          Properties:
            ServiceToken: !GetAtt CopyFunction.Arn
            AccessKeyId: ${awsKey}
            SecretAccessKey: ${awsSecret}
        CopyFunction:
          Type: AWS::Lambda::Function
          Properties:
            Environment:
              Variables:
                DJANGO_SECRET_KEY: q8Vn2LmX5rTzz-w1x9
                BASIC_AUTH: admin:pa55w0rd-x
    `,
    errors: [
      { messageId: 'knownFormat', line: 5, column: 14, messageIncludes: ['Default of parameter AwsSecretAccessKey contains an AWS secret access key (********)'] },
      { messageId: 'knownFormat', line: 11, column: 20, messageIncludes: ['AccessKeyId contains an AWS access key ID (AKIA********)'] },
      { messageId: 'knownFormat', line: 12, column: 24, messageIncludes: ['SecretAccessKey contains an AWS secret access key (********)'] },
      { messageId: 'environmentVariable', line: 18, column: 30, messageIncludes: ['DJANGO_SECRET_KEY of function CopyFunction'] },
      { messageId: 'environmentVariable', line: 19, column: 23, messageIncludes: ['BASIC_AUTH'] },
    ],
  },
];

testRule(rule, {
  valid: [
    {
      name: 'references, settings about secrets and placeholders are not secrets',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          DbPassword: { Type: String, NoEcho: true }
          AwsSecretAccessKey: { Type: String, NoEcho: true }
          ApiKeyHeaderName: { Type: String, Default: x-api-key }
          TokenTtl: { Type: Number, Default: 3600 }
          AdminPassword: { Type: String, Default: changeme }
          SlackToken: { Type: String, Default: "xoxb-PUT YOUR BOT'S ACCESS TOKEN HERE" }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Environment:
                Variables:
                  DB_PASSWORD: !Ref DbPassword
                  DB_PASSWORD_SECRET_ARN: !Ref Secret
                  SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db
                  API_KEY_HEADER: x-api-key
                  TOKEN_TTL: '3600'
                  PASSWORD_MIN_LENGTH: '12'
                  SECRET_NAME: prod/db/password
                  TOKEN_PARAMETER: /prod/api/token
                  AUTH_TOKEN: '{{resolve:secretsmanager:prod/api:SecretString:token}}'
                  SIGNING_SECRET: <set-at-deploy-time>
                  ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
                  SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                  STRIPE_PUBLISHABLE_KEY: pk_live_51Hx0rT2eZvKYlo2C
                  STRIPE_TEST_SECRET: sk_test_4eC39HqLyjWDarjtT1zdp7dc
                  PASSWORD_POLICY: STRONG
                  TOKEN: ''
                  DATABASE_URL: postgres://app:\${DbPassword}@db.internal/app
                  HEALTH_URL: https://user@example.com/health
                  BYPASS: for-admins-only
                  SECRET_KEY: please-change
                  SECRET_KEY_ID: kq8Vn2LmX5rTzz
          Copier:
            Type: Custom::S3Copy
            Metadata:
              Checksum: ${awsSecret}
            Properties:
              ServiceToken: !GetAtt Fn.Arn
              SecretAccessKey: !Ref AwsSecretAccessKey
              SecretKey: 3f786850e387550fdab836ed7e6dc881de23001b
          Secret:
            Type: AWS::SecretsManager::Secret
            Properties:
              GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true }
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
      `,
    },
    {
      name: 'names and values in the allow option',
      options: { allow: ['^LEGACY_', 'Tr0ub4dor'] },
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  LEGACY_TOKEN: kq8Vn2LmX5rTzz
                  DB_PASSWORD: Tr0ub4dor-and-3
      `,
    },
  ],
  invalid,
});

describe('hardcoded-secret masking', () => {
  it('never puts a secret value, or its tail, into a message', async () => {
    const secrets = [
      ...[awsKey, githubToken, stripeKey, awsSecret, 'MIIEowIBAAKCAQEA'],
      ...['Tr0ub4dor-and-3', 'kq8Vn2LmX5rT', 's3cure-Pass-99', 'correct-horse-battery', 'Sup3r-Secr3t-Db', 'mq-Passw0rd-2024'],
      ...['8f3e1c0b-77aa-4e1c-9d2f', 'q8Vn2LmX5rTzz-w1x9', 'admin:pa55w0rd-x'],
    ];
    let checked = 0;
    for (const testCase of invalid) {
      for (const finding of await lintTemplate(rule, testCase)) {
        checked++;
        for (const secret of secrets) {
          expect(finding.message).not.toContain(secret);
          expect(finding.message).not.toContain(secret.slice(-6));
        }
      }
    }
    // Every expected finding of every invalid case was looked at.
    expect(checked).toBe(invalid.reduce((count, testCase) => count + testCase.errors.length, 0));
  });
});

describe('in code', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'environment variables, environment fallbacks, placeholders, look-alike names, example keys',
        files: {
          'index.ts': `
            const password = process.env.DB_PASSWORD;
            const token = process.env.API_TOKEN || 'local-dev-token';
            const apiKeyHeader = 'x-api-key';
            const secretName = 'prod/db/password';
            const config = { password: '<set me>', clientSecret: '', tokenTtl: '3600' };
            const exampleKey = 'AKIAIOSFODNN7EXAMPLE';
            export const handler = async () => [password, token, apiKeyHeader, secretName, config, exampleKey];
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'known formats anywhere, and literals bound to secret-like names, in the handler and its modules',
        files: {
          'index.mjs': `
            import { connect } from './db.mjs';
            const slackToken = '${['xoxb', '2435780143', '2435780143', 'AbCdEfGhIjKl'].join('-')}';
            export const handler = async () => [slackToken, connect()];
          `,
          'db.mjs': `
            const settings = { host: 'db.internal', password: 'Tr0ub4dor-and-3' };
            export function connect() {
              settings.apiKey = 'kq8Vn2LmX5rTzz';
              return settings;
            }
          `,
        },
        errors: [
          { file: 'db.mjs', line: 1, column: 51, messageIncludes: ['password is set to a literal secret (********) in code that function Fn loads'] },
          { file: 'db.mjs', line: 3, column: 21, messageIncludes: ['apiKey'] },
          { file: 'index.mjs', line: 2, column: 20, messageIncludes: ['a Slack token (xoxb-********)'] },
        ],
      },
    ],
  });
});
