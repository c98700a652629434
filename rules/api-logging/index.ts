import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { ApiStageModel, IacFormat } from '../../src/model/types.js';

export const ruleName = 'api-logging';

/** How each format turns access logging on, per API protocol. */
function fix(format: IacFormat, stage: ApiStageModel): string {
  const rest = stage.protocol === 'rest';
  switch (format) {
    case 'serverless':
      return rest ? 'provider.logs.restApi: true' : stage.protocol === 'websocket' ? 'provider.logs.websocket: true' : 'provider.logs.httpApi: true';
    case 'terraform':
      return 'an access_log_settings block (destination_arn, format) on the stage';
    case 'cdk':
      return rest ? 'deployOptions: { accessLogDestination: new LogGroupLogDestination(logGroup), accessLogFormat } on the RestApi' : 'accessLogSettings on the stage (the HttpApi construct\'s default stage has none)';
    default:
      if (stage.origin === 'sam-implicit') return rest ? 'Globals.Api.AccessLogSetting' : 'Globals.HttpApi.AccessLogSettings';
      return rest ? 'AccessLogSetting: { DestinationArn, Format }' : 'AccessLogSettings: { DestinationArn, Format }';
  }
}

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    preset: 'all',
    url: docsUrl(ruleName),
    docs: {
      short: 'API Gateway stages should write access logs',
      full:
        'Without access logging an API stage keeps no record of who called which route, with what status and latency: throttled and rejected requests (4xx from API Gateway itself, which never reach the function) leave no trace anywhere, and security reviews and incident timelines have nothing to work from.',
      help: 'Set the stage\'s access log destination (a CloudWatch Logs log group ARN) and format: SAM `AccessLogSetting` (REST) or `AccessLogSettings` (HTTP), also in `Globals.Api`/`Globals.HttpApi`; serverless.yml `provider.logs.restApi`/`httpApi`/`websocket`; Terraform `access_log_settings` on `aws_api_gateway_stage`/`aws_apigatewayv2_stage`.',
    },
    tags: ['observability', 'api-gateway', 'audit'],
    precision: 'very-high',
    messages: {
      noAccessLog: '{{protocol}} API stage {{api}} ({{declaredAs}}) writes no access log: requests that API Gateway rejects or throttles leave no record. Set {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const stage of stack.apiStages) {
      if (stage.accessLog) continue;
      report({
        messageId: 'noAccessLog',
        loc: stage.loc,
        path: stage.path,
        data: { protocol: protocolName(stage), api: stage.id, declaredAs: stage.declaredAs, fix: fix(stack.format, stage) },
      });
    }
  },
});

export function protocolName(stage: ApiStageModel): string {
  return { rest: 'REST', http: 'HTTP', websocket: 'WebSocket', unknown: 'The' }[stage.protocol];
}
