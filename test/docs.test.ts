/** Rules and their documentation must not drift apart. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { BUILTIN_METAS } from '../src/engine/builtin-rules.js';
import { docsUrl } from '../src/engine/rule.js';
import { renderRulesIndex } from '../src/docs/rules-index.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');

describe.each([...rules.map((r) => r.meta), ...BUILTIN_METAS])('$name', (meta) => {
  const docPath = path.join(repo, 'docs', 'rules', `${meta.name}.md`);

  it('has a doc page whose title and summary match its metadata', () => {
    expect(existsSync(docPath)).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    expect(doc.split('\n')[0]).toBe(`# ${meta.name}`);
    const summary = /^> (.+)$/m.exec(doc)?.[1];
    expect(summary?.replace(/`/g, '').replace(/\.$/, '')).toBe(meta.docs.short.replace(/`/g, ''));
  });

  it('has complete metadata', () => {
    expect(meta.url).toBe(docsUrl(meta.name));
    expect(meta.docs.short.length).toBeLessThan(120);
    expect(meta.docs.short.endsWith('.')).toBe(false);
    expect(meta.docs.full.length).toBeGreaterThan(80);
    expect(meta.docs.help.length).toBeGreaterThan(40);
    expect(meta.tags.length).toBeGreaterThan(0);
    if (meta.tags.includes('security')) expect(meta.securitySeverity).toMatch(/^\d+\.\d$/);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
  });

  it('says which preset turns it on', () => {
    const doc = readFileSync(docPath, 'utf8');
    const row = /^\| Preset \| (.+) \|$/m.exec(doc)?.[1];
    if (meta.family === 'engine') expect(row).toMatch(/^every preset/);
    else expect(row).toMatch(new RegExp(`^\`${meta.preset ?? 'recommended'}\``));
  });

  it('is listed in the README', () => {
    expect(readme).toContain(`\`${meta.name}\``);
  });
});

describe.each(rules.map((r) => r.meta))('$name (rule)', (meta) => {
  it('documents bad and good examples, what it does not flag, and how to suppress it', () => {
    const doc = readFileSync(path.join(repo, 'docs', 'rules', `${meta.name}.md`), 'utf8');
    for (const heading of ['## What it flags', '## Why it matters', '## Bad', '## Good', '## Not flagged', '## How to suppress']) {
      expect(doc, `${meta.name}.md lacks "${heading}"`).toContain(heading);
    }
  });

  it('lives in rules/<name>/ with tests beside it', () => {
    expect(existsSync(path.join(repo, 'rules', meta.name, 'index.ts'))).toBe(true);
    expect(existsSync(path.join(repo, 'rules', meta.name, `${meta.name}.test.ts`))).toBe(true);
  });
});

describe('docs/rules/README.md', () => {
  it('is the index generated from the rules (run npm run docs after changing a rule)', () => {
    const committed = readFileSync(path.join(repo, 'docs', 'rules', 'README.md'), 'utf8');
    expect(committed).toBe(renderRulesIndex([...rules.map((r) => r.meta), ...BUILTIN_METAS]));
  });
});

describe('links in the README and docs', () => {
  const pages = ['README.md', ...readdirSync(path.join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...readdirSync(path.join(repo, 'docs', 'rules')).map((f) => `docs/rules/${f}`)];
  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
  const anchorsOf = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!.replace(/`/g, ''))));

  it.each(pages)('%s: every relative link reaches a file, and its #anchor a heading there', (page) => {
    const text = readFileSync(path.join(repo, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [file, anchor] = target!.split('#');
      const resolved = file ? path.resolve(path.dirname(path.join(repo, page)), file) : path.join(repo, page);
      if (!existsSync(resolved)) broken.push(`${target}: no such file`);
      else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(`${target}: no such heading`);
    }
    expect(broken).toEqual([]);
  });
});
