/**
 * The linked application as a graph, for pictures of it (`--format mermaid`, the GitHub job
 * summary): each function with what invokes it and where its failures go. Plain data, so a cached
 * result carries it too.
 */
import type { Destination, FunctionModel, ResourceLink, StackModel, TriggerKind } from '../model/types.js';
import type { Loc } from '../parse/tree.js';

export interface GraphEdge {
  kind: TriggerKind | 'dead-letter' | 'on-failure';
  /** The event name (triggers) or the property (failure routes). */
  name: string;
  /** The queue, topic, rule or API at the other end: a logical ID of the stack, or an ARN/name outside it. */
  peer: string | undefined;
  loc: Loc;
}

export interface GraphFunction {
  id: string;
  /** Absolute path of the template that declares the function. */
  stack: string;
  loc: Loc;
  /** Where the function's resource block starts and ends, to attach findings located inside it. */
  block: Loc;
  /** The linked handler's source file. */
  source: string | undefined;
  triggers: GraphEdge[];
  failures: GraphEdge[];
}

export interface AppGraph {
  functions: GraphFunction[];
}

export function buildGraph(stacks: StackModel[]): AppGraph {
  return { functions: stacks.flatMap((stack) => stack.functions.map((fn) => graphFunction(stack, fn))) };
}

function graphFunction(stack: StackModel, fn: FunctionModel): GraphFunction {
  const failures: GraphEdge[] = [];
  const failure = (kind: 'dead-letter' | 'on-failure', name: string, destination: Destination | undefined) => {
    if (destination) failures.push({ kind, name, peer: peerOf(destination.target), loc: destination.loc });
  };
  failure('dead-letter', 'DeadLetterQueue', fn.deadLetter);
  failure('on-failure', 'OnFailure', fn.asyncOnFailure);
  for (const trigger of fn.triggers) failure('on-failure', `${trigger.name} OnFailure`, trigger.onFailure);
  return {
    id: fn.id,
    stack: stack.file,
    loc: fn.loc,
    block: fn.resource.blockLoc,
    source: fn.handlerLink?.status === 'linked' && !fn.handlerLink.inline ? fn.handlerLink.file : undefined,
    triggers: fn.triggers.map((t) => ({ kind: t.kind, name: t.name, peer: t.source ? peerOf(t.source) : undefined, loc: t.loc })),
    failures,
  };
}

function peerOf(link: ResourceLink): string | undefined {
  return link.id ?? link.external;
}
