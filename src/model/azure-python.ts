/**
 * The Python v2 programming model of Azure Functions: functions declared by decorators on
 * module-level defs of a `FunctionApp` or `Blueprint` object.
 *
 * ```python
 * app = func.FunctionApp()
 *
 * @app.function_name(name="ProcessOrder")
 * @app.queue_trigger(arg_name="msg", queue_name="orders", connection="AzureWebJobsStorage")
 * def process_order(msg: func.QueueMessage) -> None: …
 * ```
 *
 * Read line by line: decorators are plain calls with literal arguments by convention, and the
 * Python frontend reads the function bodies. A name not written as a literal is not guessed.
 */
import type { Loc } from '../parse/tree.js';
import { PYTHON_DECORATORS } from './azure.js';

export interface PythonRegistration {
  /** The function's name in Azure: `function_name(name=…)`, else the def's name. */
  name: string;
  /** The def's name: the handler. */
  functionName: string;
  receiver: string;
  decorator: string;
  /** The def's name. */
  loc: Loc;
  /** The trigger decorator. */
  triggerLoc: Loc;
  source?: { name: string; loc: Loc };
  /** `@app.retry(strategy="fixed_delay", max_retry_count="3", …)` on the same def. */
  retry?: { strategy: string | undefined; maxRetryCount: number | undefined; loc: Loc };
}

/** Objects whose decorators declare functions: `func.FunctionApp(…)`, `func.Blueprint()`, Durable's `df.DFApp(…)`. */
const APP_ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?=\s*(?:[A-Za-z_][\w.]*\.)?(FunctionApp|Blueprint|DFApp|BluePrint)\s*\(/gm;
const DEF = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;

/** Keyword arguments that name a trigger's source, by decorator. */
const SOURCE_KEYWORDS = ['queue_name', 'topic_name', 'event_hub_name', 'container_name', 'collection_name', 'path', 'route', 'schedule'];

export function readPythonRegistrations(file: string, text: string): PythonRegistration[] {
  const receivers = new Set([...text.matchAll(APP_ASSIGNMENT)].map((m) => m[1]!));
  if (!receivers.size) return [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const locAt = (start: number, end: number): Loc => {
    const position = (offset: number) => {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (lineStarts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: offset - lineStarts[low]! + 1 };
    };
    const from = position(start);
    const to = position(end);
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  };

  const out: PythonRegistration[] = [];
  let pending: { receiver: string; decorator: string; args: string; start: number; argsStart: number }[] = [];
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = text.indexOf('\n', offset);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const line = text.slice(offset, end);
    const decorator = /^@([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(\()?/.exec(line);
    if (decorator) {
      // The arguments may span lines: read to the balancing parenthesis.
      let close = offset + decorator[0].length;
      let argsText = '';
      if (decorator[3]) {
        const closing = balancedEnd(text, offset + decorator[0].length - 1);
        argsText = text.slice(offset + decorator[0].length, closing);
        close = closing + 1;
      }
      pending.push({ receiver: decorator[1]!, decorator: decorator[2]!, args: argsText, start: offset, argsStart: offset + decorator[0].length });
      const next = text.indexOf('\n', close);
      offset = next === -1 ? text.length : next + 1;
      continue;
    }
    const def = DEF.exec(line);
    if (def && pending.length) {
      const ours = pending.filter((p) => receivers.has(p.receiver));
      const trigger = ours.find((p) => Object.hasOwn(PYTHON_DECORATORS, p.decorator) || /_trigger$/.test(p.decorator));
      if (trigger) {
        const defName = def[1]!;
        const nameStart = offset + line.indexOf(defName, line.indexOf('def'));
        const named = ours.find((p) => p.decorator === 'function_name');
        const explicit = named && /^\s*(?:name\s*=\s*)?["']([^"']+)["']/.exec(named.args)?.[1];
        const registration: PythonRegistration = {
          name: explicit ?? defName,
          functionName: defName,
          receiver: trigger.receiver,
          decorator: trigger.decorator,
          loc: locAt(nameStart, nameStart + defName.length),
          triggerLoc: locAt(trigger.start, trigger.start + 2 + trigger.receiver.length + trigger.decorator.length),
        };
        for (const keyword of SOURCE_KEYWORDS) {
          const match = new RegExp(`\\b${keyword}\\s*=\\s*(["'])([^"'\\n]*)\\1`).exec(trigger.args);
          if (!match) continue;
          const literalStart = trigger.argsStart + match.index + match[0].length - (match[2]!.length + 2);
          registration.source = { name: match[2]!, loc: locAt(literalStart, literalStart + match[2]!.length + 2) };
          break;
        }
        const retry = ours.find((p) => p.decorator === 'retry');
        if (retry) {
          const keyword = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']?(-?[\\w.:]+)["']?`).exec(retry.args)?.[1];
          const count = keyword('max_retry_count');
          registration.retry = {
            strategy: keyword('strategy'),
            maxRetryCount: count !== undefined && /^-?\d+$/.test(count) ? Number(count) : undefined,
            loc: locAt(retry.start, retry.start + 2 + retry.receiver.length + retry.decorator.length),
          };
        }
        out.push(registration);
      }
      pending = [];
    } else if (line.trim() && !line.trimStart().startsWith('#')) {
      pending = [];
    }
    offset = end + 1;
  }
  return out;
}

/** The offset of the parenthesis that closes the one at `open`, skipping strings. */
function balancedEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const quote = ch;
      for (i++; i < text.length && text[i] !== quote && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}
