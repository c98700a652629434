/** Reporters: a lint result → text in one of the supported formats. */
import type { LintResult } from '../engine/result.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly FormatName[] = ['stylish', 'json', 'sarif', 'github'];

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
    default:
      return formatStylish(result, options);
  }
}
