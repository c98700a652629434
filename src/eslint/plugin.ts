/**
 * The ESLint plugin: the source rules of sls-lint in the editor.
 *
 * Each ESLint rule runs the very `checkSource` the CLI runs, on the facts of the JavaScript/TypeScript
 * frontend. That frontend re-parses the file's text with TypeScript rather than reading ESLint's
 * AST, so the plugin behaves the same under ESLint's default parser and typescript-eslint's. Without a template, handlers are found by convention (an export named
 * `handler`, or one typed with `aws-lambda` types); findings are shown in the handler's own file.
 */
import { rules as allRules } from '../../rules/index.js';
import { handlerLabel, type Rule as SlsRule } from '../engine/rule.js';
import type { HandlerFacts } from '../source/facts.js';
import { JavaScriptFrontend } from '../source/javascript/frontend.js';
import { requireTypeScript, type Ts } from '../source/program.js';
import { version } from '../version.js';

/** The rules the plugin offers; all are in the recommended config. */
export const PLUGIN_RULES = ['client-in-handler', 'heavy-import', 'hardcoded-secret', 'idempotent-consumer'] as const;

/** ESLint rules are synchronous: the compiler is CommonJS, so `require` loads it without awaiting. */
function loadTypeScriptSync(): Ts {
  return requireTypeScript();
}

export interface EslintContext {
  filename: string;
  sourceCode: object & { text: string };
  options: unknown[];
  report(descriptor: { loc: { start: { line: number; column: number }; end: { line: number; column: number } }; messageId: string; data?: Record<string, string | number> }): void;
}

interface FileAnalysis {
  frontend: JavaScriptFrontend;
  handlers: HandlerFacts[];
}

/** ESLint hands every rule the same SourceCode for a file: parse and walk it once for all of them. */
const analyses = new WeakMap<object, FileAnalysis>();

function analyse(context: EslintContext): FileAnalysis {
  let analysis = analyses.get(context.sourceCode);
  if (!analysis) {
    const frontend = new JavaScriptFrontend(loadTypeScriptSync());
    analysis = { frontend, handlers: frontend.handlersInText(context.filename, context.sourceCode.text) };
    analyses.set(context.sourceCode, analysis);
  }
  return analysis;
}

function toEslintRule(rule: SlsRule<unknown>) {
  const { meta } = rule;
  return {
    meta: {
      type: 'problem' as const,
      docs: { description: meta.docs.short, url: meta.url, recommended: true },
      messages: meta.messages,
      schema: meta.schema ? [meta.schema] : [],
    },
    create(context: EslintContext) {
      return {
        'Program:exit'() {
          const file = context.filename;
          const { frontend, handlers } = analyse(context);
          const options = { ...(rule.defaultOptions as object), ...((context.options[0] as object | undefined) ?? {}) };
          const reported = new Set<string>();
          for (const facts of handlers) {
            rule.checkSource!({
              facts,
              measureImport: (specifier, importer) => frontend.measureImport(specifier, importer),
              functions: [],
              handlerLabel: handlerLabel([], facts),
              options,
              report: (descriptor) => {
                const loc = descriptor.loc ?? descriptor.node?.loc;
                if (!loc || loc.file !== file) return;
                const key = `${loc.line}:${loc.column}:${descriptor.messageId}`;
                if (reported.has(key)) return;
                reported.add(key);
                context.report({
                  loc: { start: { line: loc.line, column: loc.column - 1 }, end: { line: loc.endLine, column: loc.endColumn - 1 } },
                  messageId: descriptor.messageId,
                  ...(descriptor.data ? { data: descriptor.data } : {}),
                });
              },
            });
          }
        },
      };
    },
  };
}

const rules = Object.fromEntries(
  allRules.filter((rule) => (PLUGIN_RULES as readonly string[]).includes(rule.meta.name)).map((rule) => [rule.meta.name, toEslintRule(rule as SlsRule<unknown>)]),
);

const recommended = {
  name: 'sls-lint/recommended',
  files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
  plugins: {} as Record<string, unknown>,
  // The CLI's default level of each rule, so a finding is an error (or a warning) in both.
  rules: Object.fromEntries(
    allRules.filter((rule) => (PLUGIN_RULES as readonly string[]).includes(rule.meta.name)).map((rule) => [`sls-lint/${rule.meta.name}`, rule.meta.defaultLevel]),
  ) as Record<string, 'error' | 'warn'>,
};

const plugin = {
  meta: { name: 'sls-lint', version: version() },
  rules,
  configs: { recommended },
};
recommended.plugins['sls-lint'] = plugin;

export default plugin;
