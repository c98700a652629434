// Baseline for the benchmark: read every template under a folder and parse it with `yaml`,
// keeping positions and CloudFormation tags as sls-lint does. Nothing is checked: the cost floor.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

const SHORT_FORMS = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'If', 'Equals', 'And', 'Or', 'Not', 'ToJsonString', 'Length'];
const customTags = SHORT_FORMS.flatMap((name) => ['scalar', 'seq', 'map'].map((kind) => ({ tag: `!${name}`, ...(kind === 'scalar' ? {} : { collection: kind }), resolve: (v) => v })));
let nodes = 0;
function visit(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) visit(full);
    else if (entry.name.endsWith('.yaml')) {
      const doc = parseDocument(readFileSync(full, 'utf8'), { lineCounter: new LineCounter(), customTags });
      nodes += doc.contents ? 1 : 0;
    }
  }
}
visit(process.argv[2]);
if (nodes === 0) process.exitCode = 3;
