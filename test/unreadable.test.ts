/**
 * A template that cannot be read is reported, and the run goes on. CI runs as root, where chmod
 * cannot make a file unreadable, so the failure is injected at the file-system call instead.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: unknown, ...rest: unknown[]) => {
    if (String(file).includes(`${path.sep}locked${path.sep}`)) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
    }
    return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const { lint } = await import('../src/engine/run.js');
const { resolveConfig } = await import('../src/config/index.js');

describe('unreadable templates', () => {
  it('are reported as parse-error/unreadable while the others are still checked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-unreadable-'));
    for (const sub of ['locked', 'open']) {
      mkdirSync(path.join(dir, sub));
      writeFileSync(path.join(dir, sub, 'template.yaml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
    }
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({}, undefined, dir) });
    expect(result.findings.map((f) => `${path.relative(dir, f.loc.file)} ${f.ruleId}/${f.messageId}`)).toEqual([
      `locked${path.sep}template.yaml parse-error/unreadable`,
      `open${path.sep}template.yaml queue-redrive/missingRedrive`,
    ]);
    expect(result.findings[0]!.message).toBe('Cannot read this file: permission denied. It was not checked.');
  });
});
