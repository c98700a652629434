import { createHash } from 'node:crypto';
import type { Finding } from '../engine/result.js';

/**
 * Stable identities for findings: rule + file + structural path (never the message or the source
 * line, which could hold a secret), with a counter for repeats. Moving lines keeps them; editing
 * the flagged structure changes them, as it should.
 */
export function fingerprints(findings: Finding[], relativePath: (f: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = createHash('sha256').update(`${finding.ruleId}\0${relativePath(finding)}\0${finding.logicalPath}`).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}
