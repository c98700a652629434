/** Reporters: a lint result → text in one of the supported formats. */
import type { LintResult } from '../engine/result.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMermaid } from './mermaid.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'mermaid';
export const FORMATS: readonly FormatName[] = ['stylish', 'json', 'sarif', 'github', 'mermaid'];

export interface FormatOptions {
  color: boolean;
  toolVersion: string;
  quiet?: boolean;
}

export function formatResult(result: LintResult, format: FormatName, options: FormatOptions): string {
  switch (format) {
    case 'json':
      return formatJson(result, options);
    case 'sarif':
      return formatSarif(result, options);
    case 'github':
      return formatGithub(result, options);
    case 'mermaid':
      return formatMermaid(result);
    default:
      return formatStylish(result, options);
  }
}
