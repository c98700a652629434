/** Runs the enabled rules over the application model and turns their reports into findings. */
import { describeAssumptions } from '../model/evaluate.js';
import type { AppModel, StackModel } from '../model/types.js';
import type { Finding, Notice } from './result.js';
import { formatMessage, type ReportDescriptor, type ReportedSeverity, type Rule } from './rule.js';

export interface EnabledRule {
  // Rules differ in their options type; the config layer has validated each against its schema.
  rule: Rule<any>;
  level: 'error' | 'warn';
  options: unknown;
  /** The user set the level explicitly, which overrides per-finding severities. */
  configured: boolean;
}

export async function checkStacks(app: AppModel, enabled: EnabledRule[]): Promise<{ findings: Finding[]; notices: Notice[] }> {
  const findings: Finding[] = [];
  const notices: Notice[] = [];
  for (const stack of app.stacks) {
    for (const entry of enabled) {
      if (!entry.rule.check) continue;
      try {
        await entry.rule.check({
          app,
          stack,
          options: entry.options,
          report: (descriptor) => findings.push(toFinding(entry, stack, descriptor)),
        });
      } catch (error) {
        // A rule bug must not cost the user the other rules' findings.
        notices.push({
          message: `rule ${entry.rule.meta.name} failed on this file and was skipped for it: ${(error as Error).message}`,
          path: stack.file,
        });
      }
    }
  }
  return { findings, notices };
}

export function toFinding(entry: EnabledRule, stack: StackModel | undefined, descriptor: ReportDescriptor): Finding {
  const { meta } = entry.rule;
  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${meta.name} reported unknown messageId ${descriptor.messageId}`);
  const loc = descriptor.node?.loc ?? descriptor.loc;
  if (!loc) throw new Error(`rule ${meta.name} reported ${descriptor.messageId} without a location`);
  const levelSeverity: ReportedSeverity = entry.level === 'error' ? 'error' : 'warning';
  return {
    ruleId: meta.name,
    messageId: descriptor.messageId,
    severity: entry.configured ? levelSeverity : (descriptor.severity ?? levelSeverity),
    message: formatMessage(template, descriptor.data) + describeAssumptions(descriptor.assumptions ?? []),
    loc,
    logicalPath: descriptor.node?.path ?? descriptor.path ?? `${stack?.file ?? loc.file}#${loc.line}`,
  };
}
