/**
 * Results the engine itself produces. They have rule metadata like any rule so that they can be
 * configured, documented and listed in SARIF `rules[]`.
 */
import { docsUrl, type RuleMeta } from './rule.js';

export const parseErrorMeta: RuleMeta = {
  name: 'parse-error',
  family: 'engine',
  reads: 'iac',
  defaultLevel: 'error',
  url: docsUrl('parse-error'),
  docs: {
    short: 'A template could not be read or parsed, so it was not checked',
    full:
      'A file that is, or looks like, a CloudFormation or SAM template could not be analysed: malformed YAML or JSON, an unrendered Jinja or cookiecutter placeholder, a binary file, a file above the size limit, or a file that cannot be read. Unknown YAML tags are reported as warnings; their values are treated as unknown and the rest of the template is still checked.',
    help:
      'Fix the syntax error at the reported position, render template placeholders before linting, or exclude the file with `ignores` in the sls-lint configuration. Raise `maxFileSize` for templates that are legitimately large.',
  },
  tags: ['engine'],
  precision: 'very-high',
  messages: {
    syntax: 'Cannot parse this file: {{detail}}. It was not checked.',
    duplicateKey: '{{detail}}.',
    unknownTag: '{{detail}}.',
    binary: 'This file is named like a template but contains binary data; it was not checked.',
    tooLarge: 'This template is {{size}}, above the {{limit}} limit (`maxFileSize` in the configuration); it was not checked.',
    unreadable: 'Cannot read this file: {{detail}}. It was not checked.',
  },
};

export const unusedDirectiveMeta: RuleMeta = {
  name: 'unused-disable-directive',
  family: 'engine',
  reads: 'iac+source',
  defaultLevel: 'error',
  url: docsUrl('unused-disable-directive'),
  docs: {
    short: 'A suppression that suppresses nothing',
    full:
      'Reported with --report-unused-disable-directives: an `sls-lint-disable-next-line` / `sls-lint-disable-line` comment or a `Metadata: {sls-lint: {ignore: [...]}}` entry that matched no finding, or that names a rule sls-lint does not have. Stale suppressions hide the next real finding at that place.',
    help: 'Delete the directive, or correct the rule name.',
  },
  tags: ['engine', 'suppressions'],
  precision: 'very-high',
  messages: {
    unused: 'Unused suppression of {{rules}}: nothing was reported here. Remove it.',
    unknownRule: 'Suppression names {{rule}}, which is not an sls-lint rule.',
  },
};

export const BUILTIN_METAS = [parseErrorMeta, unusedDirectiveMeta];
