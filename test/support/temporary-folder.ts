/**
 * Vitest global setup: every test's temporary projects go in one folder for the run, removed when
 * the run ends. Tests create them with `mkdtempSync(path.join(tmpdir(), …))`; `tmpdir()` reads
 * TMPDIR, which the test workers inherit from here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), 'sls-lint-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}
