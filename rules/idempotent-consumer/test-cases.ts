/** Templates the JavaScript and Python tests of this rule share: one worker function, fed by the events given. */
export const NODE = { handler: 'index.handler', runtime: 'nodejs20.x' };
export const PYTHON = { handler: 'app.lambda_handler', runtime: 'python3.12' };

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
