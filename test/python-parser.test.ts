import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPythonParser, pythonLoc, type Node } from '../src/source/python/parser.js';

const parser = await loadPythonParser();

function find(root: Node, type: string, text?: string): Node {
  const found = root.descendantsOfType(type).find((n) => n && (text === undefined || n.text === text));
  if (!found) throw new Error(`no ${type} ${text ?? ''}`);
  return found;
}

describe('Python parser', () => {
  it('is not loaded by importing the frontend, only by creating it', () => {
    // A fresh process: a JavaScript-only run imports the frontend module (the engine does) but must
    // not pay for the WebAssembly runtime, which the parser loads with require().
    const frontend = fileURLToPath(new URL('../src/source/python/frontend.ts', import.meta.url));
    const script = [
      `import { createRequire } from 'node:module';`,
      `const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => /web-tree-sitter/.test(file));`,
      `const m = await import(${JSON.stringify(frontend)});`,
      `process.stdout.write('IMPORTED\\n');`,
      `if (loaded()) process.stdout.write('LOADED\\n');`,
      `await m.createPythonFrontend();`,
      `if (loaded()) process.stdout.write('LOADED\\n');`,
      `process.stdout.write('CREATED\\n');`,
    ].join('\n');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(output.trim().split('\n')).toEqual(['IMPORTED', 'LOADED', 'CREATED']);
  });

  it('loads once and is shared', async () => {
    expect(await loadPythonParser()).toBe(parser);
  });

  it('parses Python 3.8 to 3.13 syntax without errors, with exact positions', () => {
    const text = [
      'import functools',
      '',
      '@functools.lru_cache(maxsize=None)',
      'async def fetch(url: str, *, retries: int = 3) -> dict[str, int]:',
      '    if (n := len(url)) > 10:',
      '        return {"n": n}',
      '    async with session() as s:',
      '        await s.get(f"{url}?q={n!r:>10}")',
      '    match url:',
      '        case {"k": [a, *rest]} if a:',
      '            pass',
      '        case Point(x=0) | None:',
      '            pass',
      '        case _:',
      '            pass',
      '',
      'def first[T](xs: list[T]) -> T:',
      '    return xs[0]',
      '',
      'type Pair[K, V] = tuple[K, V]',
      'class Box[T]:',
      '    def __init__(self, /, value: T) -> None:',
      '        self.value = value',
      'try:',
      '    pass',
      'except* ValueError as group:',
      '    pass',
      'x = f"{\'nested\' + f"{1}"}"',
      '',
    ].join('\n');
    const source = parser.parse('/p/app.py', text);
    expect(source.syntaxErrors).toEqual([]);
    const fn = find(source.root, 'function_definition');
    expect(pythonLoc('/p/app.py', fn)).toEqual({ file: '/p/app.py', line: 4, column: 1, endLine: 15, endColumn: 17 });
    const walrus = find(source.root, 'named_expression');
    expect(pythonLoc('/p/app.py', walrus)).toMatchObject({ line: 5, column: 9, endLine: 5, endColumn: 22 });
    expect(find(source.root, 'match_statement')).toBeTruthy();
    expect(find(source.root, 'type_alias_statement').text).toBe('type Pair[K, V] = tuple[K, V]');
    expect(find(source.root, 'decorator').text).toBe('@functools.lru_cache(maxsize=None)');
  });

  it('counts columns in characters, as the JavaScript frontend does, not in bytes', () => {
    const source = parser.parse('/p/u.py', 'name = "é😀"; key = "x"\n');
    const key = find(source.root, 'identifier', 'key');
    expect(pythonLoc('/p/u.py', key)).toMatchObject({ line: 1, column: 15, endColumn: 18 });
  });

  it('recovers from syntax errors: the statements around the error still parse', () => {
    const text = 'import boto3\n\ndef handler(event, context):\n    x = (1,\n    return x\n\ndef other():\n    return boto3.client("s3")\n';
    const source = parser.parse('/p/bad.py', text);
    expect(source.syntaxErrors.length).toBeGreaterThan(0);
    expect(source.syntaxErrors[0]!.startPosition.row + 1).toBeGreaterThanOrEqual(3);
    expect(source.root.descendantsOfType('import_statement')).toHaveLength(1);
    expect(source.root.descendantsOfType('function_definition').map((f) => f?.childForFieldName('name')?.text)).toContain('other');
  });

  it('reads a Python 2 file without throwing', () => {
    const source = parser.parse('/p/py2.py', 'import urllib2\nprint "hello"\ntry:\n    pass\nexcept Exception, e:\n    print e\nexec "x = 1"\n');
    expect(source.root.descendantsOfType('import_statement')).toHaveLength(1);
    expect(source.root.descendantsOfType('print_statement').length).toBeGreaterThan(0);
  });

  it('refuses binary, huge and unreadable files with a reason instead of throwing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'py-parser-'));
    const binary = path.join(dir, 'compiled.py');
    writeFileSync(binary, Buffer.from([0x42, 0x0d, 0x0d, 0x0a, 0x00, 0x00, 0xe3, 0x01]));
    expect(parser.read(binary)).toEqual({ reason: 'binary file, not Python source' });
    const huge = path.join(dir, 'huge.py');
    writeFileSync(huge, 'x = 1\n'.repeat(3 * 1024 * 1024 / 6 + 10));
    expect((parser.read(huge) as { reason: string }).reason).toMatch(/^larger than 2 MiB \(3\.0 MiB\)/);
    expect((parser.read(path.join(dir, 'missing.py')) as { reason: string }).reason).toMatch(/ENOENT/);
    const locked = path.join(dir, 'locked.py');
    writeFileSync(locked, 'x = 1\n');
    chmodSync(locked, 0o000);
    const result = parser.read(locked);
    // Root can read anything; everyone else gets the permission error as the reason.
    if (!('root' in result)) expect(result.reason).toMatch(/EACCES/);
  });

  it('reads a Latin-1 file that declares its encoding', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'py-parser-'));
    const file = path.join(dir, 'latin.py');
    writeFileSync(file, Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const source = parser.read(file);
    expect('root' in source && find(source.root, 'string').text).toBe('"é"');
  });
});
