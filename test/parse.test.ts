import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { get, getPath, isFn, isMap, isScalar, type TNode } from '../src/parse/tree.js';
import { parseYaml, parseYamlOrJson } from '../src/parse/yaml-json.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
import { dedent } from './support/rule-tester.js';

const yaml = (text: string) => parseYamlOrJson(dedent(text), '/p/template.yaml', 'yaml');

describe('YAML templates', () => {
  it('keeps 1-based line and column for keys and values', () => {
    const { root } = yaml(`
      Resources:
        Queue:
          Type: AWS::SQS::Queue
    `);
    const resources = get(root, 'Resources');
    expect(isMap(resources) && resources.entries[0]!.keyLoc).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 8 });
    expect(getPath(root, 'Resources', 'Queue', 'Type')!.loc).toMatchObject({ line: 3, column: 11, endColumn: 26 });
    expect(getPath(root, 'Resources', 'Queue', 'Type')!.path).toBe('/Resources/Queue/Type');
  });

  it('turns every short-form tag into the canonical intrinsic, located at the tag', () => {
    const tags = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'If', 'Equals', 'And', 'Or', 'Not', 'ToJsonString', 'Length'];
    const text = tags.map((t) => `${t}: !${t} x`).join('\n');
    const { root, diagnostics } = parseYamlOrJson(text, 'f.yaml', 'yaml');
    expect(diagnostics).toEqual([]);
    tags.forEach((t, i) => {
      const node = get(root, t)!;
      expect(node.kind).toBe('fn');
      expect((node as { name: string }).name).toBe(t === 'Ref' || t === 'Condition' ? t : `Fn::${t}`);
      expect(node.loc).toMatchObject({ line: i + 1, column: t.length + 3 });
    });
  });

  it('normalises long-form intrinsics the same way', () => {
    const { root } = yaml(`
      A: { Ref: Param }
      B: { "Fn::GetAtt": [Queue, Arn] }
      C: { Ref: X, Other: 1 }
    `);
    expect(isFn(get(root, 'A'), 'Ref')).toBe(true);
    expect(isFn(get(root, 'B'), 'Fn::GetAtt')).toBe(true);
    expect(isMap(get(root, 'C'))).toBe(true);
  });

  it('keeps sequence-valued tags such as !Sub [template, vars] and !If', () => {
    const { root } = yaml(`
      Arn: !Sub
        - arn:\${AWS::Partition}:s3:::\${Name}
        - Name: bucket
      Pick: !If [IsProd, 30, 10]
    `);
    const sub = get(root, 'Arn');
    expect(sub?.kind === 'fn' && sub.arg.kind).toBe('seq');
    const pick = get(root, 'Pick');
    expect(pick?.kind === 'fn' && pick.name).toBe('Fn::If');
  });

  it('resolves anchors, aliases and merge keys, with own keys winning', () => {
    const { root } = yaml(`
      Defaults: &defaults { Timeout: 10, MemorySize: 256 }
      Fn:
        <<: *defaults
        Timeout: 30
      Copy: *defaults
    `);
    expect((get(get(root, 'Fn'), 'Timeout') as { value: unknown }).value).toBe(30);
    expect((get(get(root, 'Fn'), 'MemorySize') as { value: unknown }).value).toBe(256);
    expect((get(get(root, 'Copy'), 'MemorySize') as { value: unknown }).value).toBe(256);
  });

  it('survives an alias bomb without expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 30; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const { root } = parseYamlOrJson(lines.join('\n'), 'bomb.yaml', 'yaml');
    expect(isMap(root)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an unknown tag as a warning and keeps the rest of the document', () => {
    const { root, diagnostics } = yaml(`
      A: !Rain::Embed file.txt
      B: kept
    `);
    expect(diagnostics).toMatchObject([{ severity: 'warning', fatal: false, loc: { line: 1, column: 4 } }]);
    expect(diagnostics[0]!.message).toContain('!Rain::Embed');
    expect((get(root, 'B') as { value: unknown }).value).toBe('kept');
  });

  it('never echoes the source text that yaml quotes in some messages', () => {
    const { diagnostics } = parseYamlOrJson('A: 1\n"token-ghp-very-secret-value" "x"\n', 'f.yaml', 'yaml');
    expect(diagnostics[0]!.fatal).toBe(true);
    expect(diagnostics[0]!.message).not.toContain('secret');
  });

  it('reports malformed YAML once, with a position, without echoing the source', () => {
    const { root, diagnostics } = yaml(`
      Resources:
        Fn:
          Properties: { Password: "hunter2-secret
          Type: x
    `);
    expect(root).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.fatal).toBe(true);
    expect(diagnostics[0]!.loc?.line).toBeGreaterThan(0);
    expect(diagnostics[0]!.message).not.toContain('hunter2');
  });

  it('names template placeholders as the likely cause', () => {
    const { diagnostics } = yaml(`
      Resources:
        {{ cookiecutter.function_name }}:
          Type: AWS::Serverless::Function
    `);
    expect(diagnostics[0]!.message).toMatch(/placeholders/);
  });

  it('keeps duplicate keys as a non-fatal error (last one wins)', () => {
    const { root, diagnostics } = yaml(`
      Timeout: 3
      Timeout: 30
    `);
    expect(diagnostics).toMatchObject([{ fatal: false, loc: { line: 2 } }]);
    expect((get(root, 'Timeout') as { value: unknown }).value).toBe(30);
  });
});

describe('under-indented flow constructs CloudFormation accepts', () => {
  it('reads a JSON policy in a single-quoted !Sub whose closing line sits at the key indentation', () => {
    const text = [
      'Policies:',
      '  - PolicyName: p',
      "    PolicyDocument: !Sub '{",
      '        "Statement": [{"Effect": "Allow", "Action": "mq:*"}]',
      "    }'",
      '    Other: after',
    ].join('\n');
    const { root, diagnostics } = parseYamlOrJson(text, 'f.yaml', 'yaml');
    expect(diagnostics).toEqual([]);
    const policy = get(get(root, 'Policies')!.kind === 'seq' ? (get(root, 'Policies') as { items: TNode[] }).items[0] : undefined, 'PolicyDocument');
    expect(policy?.kind === 'fn' && policy.arg.kind === 'scalar' && String(policy.arg.value)).toContain('"Action": "mq:*"');
    const other = get((get(root, 'Policies') as { items: TNode[] }).items[0], 'Other')!;
    expect(other.loc).toMatchObject({ line: 6, column: 12 });
  });

  it('reads flow sequences and maps continued at the key indentation, with original columns', () => {
    const text = ['Statement:', '  Resource: [', '  "arn:aws:s3:::a",', '  "arn:aws:s3:::b"', '  ]', '  Schema: {"type": "object",', '  "title": "x"}'].join('\n');
    const { root, diagnostics } = parseYamlOrJson(text, 'f.yaml', 'yaml');
    expect(diagnostics).toEqual([]);
    const resource = get(get(root, 'Statement'), 'Resource') as { items: TNode[] };
    expect(resource.items.map((i) => i.loc.line + ':' + i.loc.column)).toEqual(['3:3', '4:3']);
    expect(get(get(get(root, 'Statement'), 'Schema'), 'title')!.loc).toMatchObject({ line: 7, column: 12 });
  });

  it('still rejects YAML that is broken for every parser', () => {
    const { diagnostics } = parseYamlOrJson('Resources:\n  Mapping:curc\n    Type: AWS::ApiGateway::BasePathMapping\n', 'f.yaml', 'yaml');
    expect(diagnostics[0]).toMatchObject({ fatal: true, loc: { line: 2 } });
  });

  it('does not touch block scalars or plain scalars with apostrophes', () => {
    const text = ['A: |', "  it's { not [ a flow", 'B: don\'t [stop]', "C: 'ok'"].join('\n');
    const { root, diagnostics } = parseYamlOrJson(text, 'f.yaml', 'yaml');
    expect(diagnostics).toEqual([]);
    expect((get(root, 'A') as { value: string }).value).toBe("it's { not [ a flow\n");
    expect((get(root, 'C') as { value: string }).value).toBe('ok');
  });
});

describe('JSON templates', () => {
  it('keeps positions and long-form intrinsics', () => {
    const text = '{\n  "Resources": {\n    "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Role": { "Fn::GetAtt": ["R", "Arn"] } } }\n  }\n}\n';
    const { root } = parseYamlOrJson(text, 'f.json', 'json');
    const role = getPath(root, 'Resources', 'Fn', 'Properties', 'Role') as TNode;
    expect(isFn(role, 'Fn::GetAtt')).toBe(true);
    expect(role.loc).toMatchObject({ line: 3, column: 70 });
  });

  it('reports invalid JSON with its line and column and no source text', () => {
    const text = '{\n  "Parameters": { "Password": "s3cr3t-value" },\n  "Resources": { ,\n}';
    const { root, diagnostics } = parseYamlOrJson(text, 'f.json', 'json');
    expect(root).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ fatal: true, loc: { line: 3 } });
    expect(diagnostics[0]!.message).toMatch(/^invalid JSON/);
    expect(diagnostics[0]!.message).not.toContain('s3cr3t');
  });

  it('reads JSON without the YAML parser, to the same tree, locations and duplicate-key diagnostics', () => {
    const cases = [
      '{"A": 1, "B": {"x": [1, 2.50, -0, 1e3, -12.5E-2, 12345678901234567890, true, false, null]}, "A": 2}',
      '{\r\n\t"Key/with~slash": "v",\r\n\t"Esc": "line\\nnext \\"q\\" \\u00e9 \\ud83d\\ude00 \\/",\r\n\t"Uni": "é😀"\r\n}',
      '{ "Ref": "X" }',
      '[ {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}, {"Fn::ForEach::Topics": []}, {}, [], "" ]',
      '  "just a string"  ',
      '{"Resources":{"Fn":{"Type":"AWS::Lambda::Function","Properties":{"Timeout":3}},"Fn":{}},"Resources":{}}',
      '{"A": "{{ placeholder }}", "A": 1}',
      '\n\n  {\n    "deep": [[[[{"a": [{"b": {}}]}]]]]\n  }\n',
    ];
    for (const text of cases) {
      expect(parseYamlOrJson(text, 'f.json', 'json'), text).toEqual(parseYaml(text, 'f.json', 'json'));
    }
    // The same on every JSON file this repository holds (templates, cdk.out, configs).
    const files = execSync('git ls-files "*.json"', { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      expect(parseYamlOrJson(text, file, 'json'), file).toEqual(parseYaml(text, file, 'json'));
      compared++;
    }
    expect(compared).toBeGreaterThan(12);
  });

  it('handles an empty document', () => {
    const { root, diagnostics } = parseYamlOrJson('', 'f.yaml', 'yaml');
    expect(diagnostics).toEqual([]);
    expect(root === undefined || isScalar(root)).toBe(true);
  });
});
