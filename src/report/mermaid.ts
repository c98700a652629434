/**
 * `--format mermaid`: the linked application as a Mermaid flowchart. Functions are grouped by the
 * template that declares them, with what invokes them (APIs, queues, streams, topics, schedules) on
 * the left and where their failures go (DLQs, on-failure destinations) on the right. Functions,
 * resources and triggers that carry findings are drawn in red (errors) or amber (warnings) and name
 * their rules. Large apps are capped, functions with findings first, and the chart says what it left out.
 */
import path from 'node:path';
import { toPosix } from '../discover/index.js';
import type { GraphEdge, GraphFunction } from '../engine/graph.js';
import type { Finding, LintResult } from '../engine/result.js';

/** Above this a flowchart stops being readable on a pull request page; the rest is counted, not drawn. */
export const MAX_DRAWN_FUNCTIONS = 40;

const TRIGGER_LABELS: Partial<Record<GraphEdge['kind'], string>> = {
  api: 'REST API',
  'http-api': 'HTTP API',
  'function-url': 'function URL',
  alb: 'load balancer',
  sqs: 'SQS',
  sns: 'SNS',
  s3: 'S3',
  eventbridge: 'EventBridge',
  schedule: 'schedule',
  scheduler: 'scheduler',
  kinesis: 'Kinesis',
  'dynamodb-stream': 'DynamoDB stream',
  'cloudwatch-logs': 'CloudWatch Logs',
  'dead-letter': 'DLQ',
  'on-failure': 'on failure',
};

interface Marks {
  rules: Set<string>;
  error: boolean;
}

export function formatMermaid(result: LintResult): string {
  return `${renderMermaid(result)}\n`;
}

/** The flowchart text, without a code fence. */
export function renderMermaid(result: LintResult, maxFunctions = MAX_DRAWN_FUNCTIONS): string {
  const functions = result.graph?.functions ?? [];
  const findings = result.findings.filter((f) => !f.suppressed);
  const byFunction = new Map(functions.map((fn) => [fn, findings.filter((f) => concerns(fn, f))]));
  // Functions with findings are drawn first, so a cap leaves out the quiet ones.
  const ranked = [...functions].sort((a, b) => Number(byFunction.get(b)!.length > 0) - Number(byFunction.get(a)!.length > 0));
  const drawn = ranked.slice(0, maxFunctions);
  const left = functions.length - drawn.length;
  const leftWithFindings = ranked.slice(maxFunctions).filter((fn) => byFunction.get(fn)!.length > 0).length;
  const labelOf = stackLabels(result, [...new Set(drawn.map((fn) => fn.stack))]);

  const lines = ['flowchart LR'];
  if (!functions.length) {
    lines.push('  empty["no functions found"]');
    return lines.join('\n');
  }
  const ids = new Map<string, string>();
  const nodeId = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };
  const peerNodes = new Map<string, { label: string; shape: 'queue' | 'source' | 'failure'; marks: Marks }>();
  const edges: string[] = [];
  const marked: { id: string; marks: Marks }[] = [];
  const markedEdges: { index: number; error: boolean }[] = [];

  const byStack = new Map<string, GraphFunction[]>();
  for (const fn of drawn) byStack.set(fn.stack, [...(byStack.get(fn.stack) ?? []), fn]);
  for (const [stack, inStack] of byStack) {
    lines.push(`  subgraph ${nodeId(`stack:${stack}`)}["${text(labelOf(stack))}"]`);
    for (const fn of inStack) {
      const own = byFunction.get(fn)!;
      const onEdges = new Set<Finding>();
      for (const edge of fn.triggers) {
        const edgeFindings = own.filter((f) => mentions(f.message, edge.name) || (edge.peer !== undefined && mentions(f.message, edge.peer)));
        edgeFindings.forEach((f) => onEdges.add(f));
        const peer = peerKey(fn.stack, edge);
        const node = peerNodes.get(peer) ?? { label: peerLabel(edge), shape: edge.kind === 'sqs' ? 'queue' : 'source', marks: emptyMarks() };
        peerNodes.set(peer, node);
        const rules = marksOf(edgeFindings);
        if (rules.rules.size) markedEdges.push({ index: edges.length, error: rules.error });
        edges.push(`  ${nodeId(peer)} -->|"${text(edgeLabel(edge, rules))}"| ${nodeId(functionKey(fn))}`);
      }
      for (const edge of fn.failures) {
        const peer = peerKey(fn.stack, edge);
        if (!peerNodes.has(peer)) peerNodes.set(peer, { label: edge.peer !== undefined ? shortName(edge.peer) : `${edge.name} (created by SAM)`, shape: 'failure', marks: emptyMarks() });
        edges.push(`  ${nodeId(functionKey(fn))} -.->|"${text(TRIGGER_LABELS[edge.kind]!)}"| ${nodeId(peer)}`);
      }
      const marks = marksOf(own.filter((f) => !onEdges.has(f)));
      const ruleList = marks.rules.size ? `<br/>⚠ ${[...marks.rules].sort().join(', ')}` : '';
      lines.push(`    ${nodeId(functionKey(fn))}["λ ${text(fn.id)}${text(ruleList, true)}"]`);
      if (marks.rules.size) marked.push({ id: nodeId(functionKey(fn)), marks });
    }
    lines.push('  end');
  }
  // Findings on a queue, topic or rule itself (no redrive on the queue) mark that node.
  for (const f of findings) {
    if (!f.resource) continue;
    const node = peerNodes.get(`${f.loc.file}#${f.resource}`);
    if (node) addMark(node.marks, f);
  }
  for (const [key, node] of peerNodes) {
    const label = node.marks.rules.size ? `${node.label}<br/>⚠ ${[...node.marks.rules].sort().join(', ')}` : node.label;
    const [open, close] = node.shape === 'queue' ? ['[(', ')]'] : node.shape === 'failure' ? ['[/', '/]'] : ['([', '])'];
    lines.push(`  ${nodeId(key)}${open}"${text(label, true)}"${close}`);
    if (node.marks.rules.size) marked.push({ id: nodeId(key), marks: node.marks });
  }
  lines.push(...edges);
  if (left > 0) {
    const which = leftWithFindings ? ` (${leftWithFindings} with findings)` : ' without findings';
    lines.push(`  more["${left} more function${left === 1 ? '' : 's'}${which} not drawn; see the report for their findings"]`);
  }
  lines.push('  classDef error fill:#ffebe9,stroke:#cf222e,color:#82071e', '  classDef warning fill:#fff8c5,stroke:#9a6700,color:#4d2d00');
  for (const { id, marks } of marked) lines.push(`  class ${id} ${marks.error ? 'error' : 'warning'}`);
  for (const { index, error } of markedEdges) lines.push(`  linkStyle ${index} stroke:${error ? '#cf222e' : '#9a6700'},stroke-width:2px`);
  return lines.join('\n');
}

/** A finding is the function's when it is in its resource block, its handler file, or names it. */
function concerns(fn: GraphFunction, finding: Finding): boolean {
  const { file, line } = finding.loc;
  if (file === fn.stack && (finding.resource === fn.id || (line >= fn.block.line && line <= fn.block.endLine))) return true;
  if (fn.source !== undefined && file === fn.source) return true;
  return new RegExp(`\\b[Ff]unctions? (?:[\\w.-]+, )*${escapeRegExp(fn.id)}(?![\\w-])`).test(finding.message);
}

function mentions(message: string, name: string): boolean {
  return new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`).test(message);
}

function marksOf(findings: Finding[]): Marks {
  const marks = emptyMarks();
  for (const f of findings) addMark(marks, f);
  return marks;
}

function addMark(marks: Marks, finding: Finding): void {
  marks.rules.add(finding.ruleId);
  if (finding.severity === 'error') marks.error = true;
}

function emptyMarks(): Marks {
  return { rules: new Set(), error: false };
}

function functionKey(fn: GraphFunction): string {
  return `fn:${fn.stack}#${fn.id}`;
}

/** Triggers on one resource share its node; those without one (an implicit API, a schedule) share one per stack and kind. */
function peerKey(stack: string, edge: GraphEdge): string {
  if (edge.peer !== undefined) return `${stack}#${edge.peer}`;
  if (edge.kind === 'api' || edge.kind === 'http-api') return `${stack}#implicit:${edge.kind}`;
  return `${stack}#${edge.kind}:${edge.name}`;
}

function peerLabel(edge: GraphEdge): string {
  const kind = TRIGGER_LABELS[edge.kind] ?? edge.kind;
  if (edge.peer !== undefined) return `${kind} ${shortName(edge.peer)}`;
  if (edge.kind === 'api' || edge.kind === 'http-api') return kind;
  return `${kind} ${edge.name}`;
}

function edgeLabel(edge: GraphEdge, marks: Marks): string {
  const rules = marks.rules.size ? ` ⚠ ${[...marks.rules].sort().join(', ')}` : '';
  return `${edge.name}${rules}`;
}

/** An ARN is named by its last part: the chart has no room for account IDs. */
function shortName(peer: string): string {
  return peer.startsWith('arn:') ? peer.split(/[:/]/).pop() || peer : peer;
}

/** Templates are named from the project root; outside it (a corpus linted from elsewhere), from the folder they share. */
function stackLabels(result: LintResult, stacks: string[]): (file: string) => string {
  const inRoot = stacks.every((file) => !path.relative(result.root, file).startsWith('..'));
  let base = result.root;
  if (!inRoot) {
    base = path.dirname(stacks[0] ?? result.root);
    while (!stacks.every((file) => !path.relative(base, file).startsWith('..'))) base = path.dirname(base);
  }
  return (file) => toPosix(path.relative(base, file)) || path.basename(file);
}

/** Mermaid labels are quoted strings: quotes and angle brackets are written as entities (keeping the line breaks we add). */
function text(value: string, keepBreaks = false): string {
  const escaped = value.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
  if (!keepBreaks) return escaped.replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return escaped.split('<br/>').map((part) => part.replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
