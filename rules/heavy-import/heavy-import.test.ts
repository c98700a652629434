import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

testSourceRule(rule, {
  valid: [
    {
      name: 'modular SDK v3 clients, per-method lodash, light date libraries, type-only imports',
      files: {
        'index.ts': `
          import { S3Client } from '@aws-sdk/client-s3';
          import get from 'lodash/get';
          import { format } from 'date-fns';
          import dayjs from 'dayjs';
          import type { Moment } from 'moment';
          export type { LoDashStatic } from 'lodash';
          const s3 = new S3Client({});
          export const handler = async (event: { when?: Moment }) => [s3, get(event, 'a'), format(new Date(), 'yyyy'), dayjs()];
        `,
      },
    },
    {
      name: 'heavy packages loaded lazily inside the handler, on a rarely taken branch',
      files: {
        'index.mjs': `
          export const handler = async (event) => {
            if (event.legacy) {
              const AWS = await import('aws-sdk');
              const moment = require('moment');
              return [AWS, moment];
            }
            return event;
          };
        `,
      },
    },
    {
      name: 'measured packages under the size limit, and packages that are not installed',
      options: { maxBytes: 10_000 },
      files: {
        'index.js': "const small = require('small-lib');\nconst missing = require('not-installed');\nexports.handler = async () => [small, missing];\n",
        'node_modules/small-lib/package.json': '{ "name": "small-lib", "main": "index.js" }',
        'node_modules/small-lib/index.js': "module.exports = require('./helper');\n",
        'node_modules/small-lib/helper.js': 'module.exports = 1;\n',
      },
    },
    {
      name: 'packages the project accepts through allow',
      options: { allow: ['lodash'] },
      files: { 'index.js': "const _ = require('lodash');\nexports.handler = async (e) => _.get(e, 'a');\n" },
    },
  ],
  invalid: [
    {
      name: 'aws-sdk v2 on a runtime without it, whole lodash and moment, in the handler and a helper module',
      files: {
        'index.js': `
          const AWS = require('aws-sdk');
          const { get } = require('lodash');
          const { formatDate } = require('./lib/dates');
          exports.handler = async (event) => [AWS, get(event, 'a'), formatDate()];
        `,
        'lib/dates.js': `
          import moment from 'moment';
          export const formatDate = () => moment().format();
        `,
      },
      errors: [
        { file: 'index.js', line: 1, column: 13, messageIncludes: ['aws-sdk (v2) is imported for function Fn on nodejs20.x, which does not include it', '@aws-sdk/client-*'] },
        { file: 'index.js', line: 2, column: 17, messageIncludes: ['lodash is imported at module scope for function Fn', 'lodash/get'] },
        { file: 'lib/dates.js', line: 1, column: 1, messageIncludes: ['moment is imported at module scope in dates.js', 'dayjs'] },
      ],
    },
    {
      name: 'measured: a package whose module graph is over the limit, with its numbers; table entries carry them too',
      options: { maxBytes: 10_000 },
      files: {
        'index.mjs': "import big from 'big-lib';\nimport _ from 'lodash';\nexport const handler = async () => [big, _];\n",
        'node_modules/big-lib/package.json': '{ "name": "big-lib", "exports": { ".": { "require": "./cjs/index.js", "import": "./cjs/index.js" } } }',
        'node_modules/big-lib/cjs/index.js': "const a = require('./a');\nconst { b } = require('./b.js');\nimport('./lazy.js');\nmodule.exports = { a, b };\n",
        'node_modules/big-lib/cjs/a.js': `module.exports = '${'a'.repeat(6000)}';\n`,
        'node_modules/big-lib/cjs/b.js': `exports.b = '${'b'.repeat(6000)}';\n`,
        'node_modules/big-lib/cjs/lazy.js': `module.exports = '${'z'.repeat(50000)}';\n`,
        'node_modules/lodash/package.json': '{ "name": "lodash", "main": "lodash.js" }',
        'node_modules/lodash/lodash.js': 'module.exports = {};\n',
      },
      errors: [
        { file: 'index.mjs', line: 1, column: 1, messageIncludes: ['big-lib is imported at module scope for function Fn and loads 3 files (12 KiB)', 'above the 10 KiB limit', 'await import()'] },
        { file: 'index.mjs', line: 2, column: 1, messageIncludes: ['(1 files, 1 KiB measured in node_modules)', 'lodash/get'] },
      ],
    },
    {
      name: 'one finding per package and file: a second import of the same package is not another problem',
      files: {
        'index.js': `
          const AWS = require('aws-sdk');
          const S3 = require('aws-sdk').S3;
          const { Kinesis } = require('aws-sdk');
          const { put } = require('./lib/store');
          exports.handler = async (event) => [new AWS.SQS(), new S3(), new Kinesis(), put(event)];
        `,
        'lib/store.js': `
          const AWS = require('aws-sdk');
          exports.put = (item) => new AWS.DynamoDB.DocumentClient().put(item);
        `,
      },
      errors: [
        { file: 'index.js', line: 1, column: 13, messageIncludes: ['aws-sdk (v2) is imported for function Fn'] },
        { file: 'lib/store.js', line: 1, column: 13, messageIncludes: ['aws-sdk (v2) is imported in store.js for function Fn'] },
      ],
    },
    {
      name: 'aws-sdk on a runtime that still includes it, re-exports, and configured packages',
      runtime: 'nodejs16.x',
      options: { packages: [{ name: 'pdfkit', alternative: 'a lazy import in the code path that renders PDFs' }] },
      files: {
        'index.ts': `
          import AWS from 'aws-sdk';
          import PDFDocument from 'pdfkit';
          export * from 'moment-timezone';
          export const handler = async () => [AWS, PDFDocument];
        `,
      },
      errors: [
        { file: 'index.ts', line: 1, column: 1, messageIncludes: ['the whole AWS SDK v2', 'end of support'] },
        { file: 'index.ts', line: 2, column: 1, messageIncludes: ['pdfkit is heavy (configured)', 'lazy import'] },
        { file: 'index.ts', line: 3, column: 1, messageIncludes: ['moment-timezone'] },
      ],
    },
  ],
});
