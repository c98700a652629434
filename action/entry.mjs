#!/usr/bin/env node
// The action's entry (action.yml): runs once the action's own `npm ci` has built dist/.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.log(`::error title=sls-lint::sls-lint needs Node.js 20 or later; this runner has ${process.version}. Add actions/setup-node with node-version 20 before it.`);
  process.exit(2);
}
const { runAction } = await import('../dist/src/action/index.js');
process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), stdout: (text) => process.stdout.write(text) });
