/** The template the JavaScript and Python tests of this rule share: a worker fed by one SQS queue. */
import { NODE } from '../../test/support/source-rule-tester.js';

export { NODE, PYTHON } from '../../test/support/source-rule-tester.js';

export const sqsTemplate = (properties: string, { handler, runtime } = NODE) => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Worker:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: .
        Handler: ${handler}
        Runtime: ${runtime}
        Events:
          Jobs:
            Type: SQS
            Properties:
              Queue: !GetAtt Jobs.Arn
${properties.replace(/^/gm, '              ')}
    Jobs:
      Type: AWS::SQS::Queue
`;
