import { createRule, docsUrl } from '../../src/engine/rule.js';

export const ruleName = 'lambda-permission-principal';

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'Lambda permissions must say which resource or account may invoke, and function URLs should require auth',
      full:
        'A permission that lets an AWS service (s3.amazonaws.com, sns.amazonaws.com, events.amazonaws.com, …) invoke a function without SourceArn or SourceAccount lets that service invoke it on behalf of any account: a bucket or topic in someone else\'s account can trigger your function (the confused-deputy problem). A permission for principal "*" lets anyone invoke it. A function URL with AuthType NONE is callable by anyone on the internet.',
      help:
        'Scope service permissions to the resource that invokes: `SourceArn: !GetAtt UploadsBucket.Arn` (and `SourceAccount: !Ref AWS::AccountId` for S3). Replace `Principal: "*"` with the account or service that needs access. Use `AuthType: AWS_IAM` on function URLs unless the endpoint is meant to be public and authenticates requests itself.',
    },
    tags: ['security', 'lambda', 'permissions'],
    precision: 'high',
    securitySeverity: '6.5',
    messages: {
      unscopedService:
        'Permission {{permission}} lets {{principal}} invoke the function without SourceArn or SourceAccount: the service can do so on behalf of any AWS account. Add SourceArn (the bucket, topic or rule that invokes) and, for S3, SourceAccount.',
      anyPrincipal: 'Permission {{permission}} lets any principal ("*") invoke the function. Name the account or service that needs access.',
      publicUrl:
        'The function URL of {{fn}} has AuthType NONE: anyone on the internet can invoke it. Use {{fix}}, or make sure the function authenticates every request itself.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const permission of stack.permissions) {
      const principal = permission.principal;
      if (!principal?.known || permission.scoped) continue;
      const data = { permission: permission.id, principal: principal.value };
      if (principal.value === '*') {
        // A function URL's public permission goes with AuthType NONE, which publicUrl reports.
        if (permission.functionUrlAuthType === undefined) report({ messageId: 'anyPrincipal', node: principal.node!, severity: 'error', data });
      } else if (/\.amazonaws\.com$/.test(principal.value)) {
        report({ messageId: 'unscopedService', node: principal.node!, data, assumptions: principal.assumptions });
      }
    }
    for (const url of stack.functionUrls) {
      if (url.authType?.known && url.authType.value === 'NONE') {
        const fix =
          stack.format === 'terraform'
            ? 'authorization_type = "AWS_IAM"'
            : stack.format === 'serverless'
              ? 'url: { authorizer: aws_iam }'
              : stack.format === 'cdk'
                ? 'authType: FunctionUrlAuthType.AWS_IAM'
                : 'AuthType: AWS_IAM';
        report({ messageId: 'publicUrl', node: url.authType.node!, data: { fn: url.id, fix }, assumptions: url.authType.assumptions });
      }
    }
  },
});
