import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { ApiStageModel, IacFormat } from '../../src/model/types.js';

export const ruleName = 'api-tracing';

function fix(format: IacFormat, stage: ApiStageModel): string {
  switch (format) {
    case 'serverless':
      return 'provider.tracing.apiGateway: true';
    case 'terraform':
      return 'xray_tracing_enabled = true on the aws_api_gateway_stage';
    case 'cdk':
      return 'deployOptions: { tracingEnabled: true } on the RestApi';
    default:
      if (stage.origin === 'sam-implicit') return 'Globals.Api.TracingEnabled: true';
      return stage.origin === 'deployment' ? 'StageDescription.TracingEnabled: true' : 'TracingEnabled: true';
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
      short: 'REST API stages should enable X-Ray tracing',
      full:
        'A REST API stage without X-Ray tracing starts no trace, so the time a request spends in API Gateway (authorizers, integration latency, throttling) is missing from the service map, and the functions behind it only see traces that start at Lambda. HTTP and WebSocket APIs do not support X-Ray and are not checked.',
      help: 'Set `TracingEnabled: true` on the SAM `Api` (or `Globals.Api`) or the `AWS::ApiGateway::Stage`; serverless.yml `provider.tracing.apiGateway: true`; Terraform `xray_tracing_enabled = true` on `aws_api_gateway_stage`.',
    },
    tags: ['observability', 'api-gateway'],
    precision: 'very-high',
    messages: {
      notTraced: 'REST API stage {{api}} ({{declaredAs}}) does not enable X-Ray tracing{{how}}: API Gateway\'s part of each request is missing from traces. Set {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const stage of stack.apiStages) {
      if (stage.protocol !== 'rest') continue;
      const tracing = stage.tracing;
      if (tracing && (!tracing.known || tracing.value)) continue;
      report({
        messageId: 'notTraced',
        ...(tracing?.node ? { node: tracing.node } : { loc: stage.loc, path: stage.path }),
        data: { api: stage.id, declaredAs: stage.declaredAs, how: tracing ? ' (TracingEnabled is false)' : '', fix: fix(stack.format, stage) },
        assumptions: tracing?.known ? tracing.assumptions : [],
      });
    }
  },
});
