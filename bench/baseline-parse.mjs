// Baseline for the benchmark: read every template under a folder and parse it with `yaml`,
// keeping positions and CloudFormation tags as sls-lint does. Nothing is checked: the cost floor.
// With `--real` (a real repository rather than the synthetic corpus) it reads `.yaml`, `.yml` and
// `.json` files outside node_modules and dot-folders, and parses those that name AWS resources (JSON
// with JSON.parse).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

const SHORT_FORMS = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'If', 'Equals', 'And', 'Or', 'Not', 'ToJsonString', 'Length'];
const customTags = SHORT_FORMS.flatMap((name) => ['scalar', 'seq', 'map'].map((kind) => ({ tag: `!${name}`, ...(kind === 'scalar' ? {} : { collection: kind }), resolve: (v) => v })));
const real = process.argv.includes('--real');
const extension = real ? /\.(ya?ml|json)$/i : /\.yaml$/;
let parsed = 0;
function visit(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!real || (entry.name !== 'node_modules' && !entry.name.startsWith('.'))) visit(full);
    } else if (entry.isFile() && extension.test(entry.name)) {
      const text = readFileSync(full, 'utf8');
      if (real && !text.includes('AWS::')) continue;
      if (real && entry.name.toLowerCase().endsWith('.json')) {
        // Any linter reads JSON with JSON.parse: the floor is that, not a YAML parser.
        try {
          JSON.parse(text);
          parsed++;
        } catch {
          // Not JSON after all: not a template either.
        }
        continue;
      }
      const doc = parseDocument(text, { lineCounter: new LineCounter(), customTags });
      parsed += doc.contents ? 1 : 0;
    }
  }
}
visit(process.argv[2]);
process.stderr.write(`SLS_LINT_BENCH_FILES=${parsed}\n`);
if (parsed === 0 && !real) process.exitCode = 3;
