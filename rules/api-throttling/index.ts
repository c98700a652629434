import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { ApiStageModel, IacFormat } from '../../src/model/types.js';
import { protocolName } from '../api-logging/index.js';

export const ruleName = 'api-throttling';

function fix(format: IacFormat, stage: ApiStageModel): string {
  const rest = stage.protocol === 'rest';
  switch (format) {
    case 'serverless':
      return rest
        ? 'custom.apiGatewayThrottling (maxRequestsPerSecond, maxConcurrentRequests) with the serverless-api-gateway-throttling plugin, or MethodSettings on the stage through resources.extensions'
        : 'DefaultRouteSettings on the stage through resources.extensions';
    case 'terraform':
      return rest
        ? 'an aws_api_gateway_method_settings with method_path = "*/*" and throttling_rate_limit and throttling_burst_limit in its settings'
        : 'throttling_rate_limit and throttling_burst_limit in the stage\'s default_route_settings';
    case 'cdk':
      return rest ? 'deployOptions: { throttlingRateLimit, throttlingBurstLimit } on the RestApi' : 'throttle: { rateLimit, burstLimit } on the stage (the HttpApi construct\'s default stage has none)';
    default:
      if (rest) return `a MethodSettings entry with ResourcePath "/*", HttpMethod "*", ThrottlingRateLimit and ThrottlingBurstLimit${stage.origin === 'sam-implicit' ? ' in Globals.Api' : ''}`;
      return `ThrottlingRateLimit and ThrottlingBurstLimit in DefaultRouteSettings${stage.origin === 'sam-implicit' ? ' (Globals.HttpApi)' : ''}`;
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
      short: 'API Gateway stages should set default throttling limits',
      full:
        'Without stage-level throttling, one API can use the whole account-level API Gateway limit (10,000 requests per second per Region by default) and, through its functions, the account\'s Lambda concurrency: a traffic spike or abusive client on one route starves every other API and function in the account. A default rate and burst limit for all routes bounds what each stage can take.',
      help: 'REST: a `MethodSettings` entry with `ResourcePath: "/*"`, `HttpMethod: "*"`, `ThrottlingRateLimit` and `ThrottlingBurstLimit`. HTTP/WebSocket: `DefaultRouteSettings` with both limits. Terraform: `aws_api_gateway_method_settings` (`method_path = "*/*"`) or the v2 stage\'s `default_route_settings`.',
    },
    tags: ['reliability', 'api-gateway'],
    precision: 'high',
    messages: {
      noThrottling: '{{protocol}} API stage {{api}} ({{declaredAs}}) sets no default throttling: one client or spike can use the account\'s whole API Gateway and Lambda concurrency limits. Set {{fix}}.',
      partialThrottling: '{{protocol}} API stage {{api}} sets {{set}} but not {{missing}}: the unset limit falls back to the account level. Set both.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const stage of stack.apiStages) {
      const throttling = stage.throttling;
      const data = { protocol: protocolName(stage), api: stage.id, declaredAs: stage.declaredAs, fix: fix(stack.format, stage) };
      if (!throttling) {
        report({ messageId: 'noThrottling', loc: stage.loc, path: stage.path, data });
        continue;
      }
      const { rateLimit, burstLimit } = throttling;
      if (rateLimit?.known === false || burstLimit?.known === false) continue;
      if (rateLimit && burstLimit) continue;
      if (!rateLimit && !burstLimit) {
        report({ messageId: 'noThrottling', loc: throttling.loc, path: `${stage.path}/throttling`, data });
        continue;
      }
      const [set, missing] = rateLimit ? ['a rate limit', 'a burst limit'] : ['a burst limit', 'a rate limit'];
      report({ messageId: 'partialThrottling', loc: throttling.loc, path: `${stage.path}/throttling`, data: { ...data, set, missing } });
    }
  },
});
