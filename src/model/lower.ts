/**
 * Building blocks for formats that are lowered into a SAM/CloudFormation tree before the model is
 * built (serverless.yml, Terraform). Every synthetic node is located where the user wrote the value
 * it stands for, so findings land in the user's file, and carries a structural path from that file
 * so fingerprints survive lines moving.
 */
import type { FnNode, Loc, MapEntry, MapNode, ScalarNode, SeqNode, TNode } from '../parse/tree.js';

export function scalar(value: ScalarNode['value'], loc: Loc, path: string): ScalarNode {
  return { kind: 'scalar', value, loc, path };
}

export function seq(items: TNode[], loc: Loc, path: string): SeqNode {
  return { kind: 'seq', items, loc, path };
}

export function fn(name: string, arg: TNode, loc: Loc, path: string): FnNode {
  return { kind: 'fn', name, arg, loc, path };
}

/** A map from `[key, value]` pairs, or `[key, value, keyLoc]`; undefined values are left out. */
export function map(pairs: [string, TNode | undefined, (Loc | undefined)?][], loc: Loc, path: string): MapNode {
  const entries: MapEntry[] = [];
  for (const [key, value, keyLoc] of pairs) {
    if (value !== undefined) entries.push({ key, keyLoc: keyLoc ?? value.loc, value });
  }
  return { kind: 'map', entries, loc, path };
}

export function ref(target: string, loc: Loc, path: string): FnNode {
  return fn('Ref', scalar(target, loc, path), loc, path);
}

export function getAtt(target: string, attribute: string, loc: Loc, path: string): FnNode {
  return fn('Fn::GetAtt', seq([scalar(target, loc, path), scalar(attribute, loc, path)], loc, path), loc, path);
}

/** A value only known at deploy time (an SSM parameter, a Terraform attribute of another resource): rules never judge it. */
export function unknownValue(what: string, loc: Loc, path: string): FnNode {
  return fn('Fn::Sub', scalar('${' + what.replace(/[{}]/g, '') + '}', loc, path), loc, path);
}

/** A resource block of the lowered template. */
export function resource(type: string, properties: MapNode, loc: Loc, path: string, metadata?: MapNode): MapNode {
  return map(
    [
      ['Type', scalar(type, loc, `${path}/Type`)],
      ['Properties', properties],
      ['Metadata', metadata],
    ],
    loc,
    path,
  );
}

/** `DestinationConfig` with an `OnFailure` destination, located at the destination as written. */
export function onFailureConfig(destination: TNode, at: { loc: Loc; path: string } = destination): MapNode {
  return map([['OnFailure', map([['Destination', destination]], at.loc, at.path)]], at.loc, at.path);
}
