/** Templates the JavaScript and Python tests of this rule share: one worker function, fed by the events given. */
import { NODE } from '../../test/support/source-rule-tester.js';

export { NODE, PYTHON } from '../../test/support/source-rule-tester.js';

export const template = (events: string, { handler, runtime } = NODE) => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Worker:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: .
        Handler: ${handler}
        Runtime: ${runtime}
        Events:
${events.replace(/^/gm, '          ')}
    Orders:
      Type: AWS::SQS::Queue
`;

export const SQS_EVENT = 'Orders:\n  Type: SQS\n  Properties: { Queue: !GetAtt Orders.Arn, FunctionResponseTypes: [ReportBatchItemFailures] }';
export const API_EVENT = 'Create:\n  Type: Api\n  Properties: { Path: /orders, Method: post }';
