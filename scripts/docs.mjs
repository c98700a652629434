#!/usr/bin/env node
// Regenerates docs/rules/README.md from the rules' metadata (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { rules } from '../dist/rules/index.js';
import { BUILTIN_METAS } from '../dist/src/engine/builtin-rules.js';
import { renderRulesIndex } from '../dist/src/docs/rules-index.js';

writeFileSync(new URL('../docs/rules/README.md', import.meta.url), renderRulesIndex([...rules.map((r) => r.meta), ...BUILTIN_METAS]));
console.log('docs/rules/README.md written');
