/**
 * Static evaluation of CloudFormation values: as far as the template alone determines them.
 *
 * Parameters resolve to their `Default` and the result records that assumption, so a finding
 * built on it can say so. Pseudo parameters, resource attributes, imports and conditions stay
 * unknown: a rule must never report on a value it had to guess.
 */
import { get, isScalar, isSeq, type FnNode, type Loc, type MapNode, type TNode } from '../parse/tree.js';
import type { Assumption, ParameterModel, ResourceLink, Value } from './types.js';

export interface RenderedString {
  /** The string with every unknown part written as `${Name}`. */
  text: string;
  complete: boolean;
  assumptions: Assumption[];
}

const NO_VALUE = Symbol('AWS::NoValue');

export class Evaluator {
  constructor(
    private readonly root: MapNode,
    private readonly parameters: Map<string, ParameterModel>,
    private readonly resourceIds: Set<string>,
  ) {}

  /** True for `!Ref AWS::NoValue`, which removes the property it is the value of. */
  isNoValue(node: TNode | undefined): boolean {
    return node?.kind === 'fn' && node.name === 'Ref' && isScalar(node.arg) && node.arg.value === 'AWS::NoValue';
  }

  string(node: TNode | undefined, loc?: Loc): Value<string> | undefined {
    if (node === undefined) return undefined;
    const rendered = this.render(node);
    if (rendered === NO_VALUE) return undefined;
    if (!rendered.complete) return { known: false, loc: node.loc, node, reason: `depends on ${unknownParts(rendered.text)}` };
    return { known: true, value: rendered.text, loc: loc ?? node.loc, node, assumptions: rendered.assumptions };
  }

  number(node: TNode | undefined): Value<number> | undefined {
    const value = this.string(node);
    if (!value) return undefined;
    if (!value.known) return value;
    const parsed = Number(value.value);
    if (value.value.trim() === '' || !Number.isFinite(parsed)) {
      return { known: false, loc: value.loc, node: value.node, reason: 'is not a number' };
    }
    return { ...value, value: parsed };
  }

  boolean(node: TNode | undefined): Value<boolean> | undefined {
    const value = this.string(node);
    if (!value) return undefined;
    if (!value.known) return value;
    const lower = value.value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') return { known: false, loc: value.loc, node: value.node, reason: 'is not a boolean' };
    return { ...value, value: lower === 'true' };
  }

  /** Renders a string value, keeping unknown parts as `${Name}` so partly known ARNs can still be matched. */
  renderString(node: TNode | undefined): RenderedString | undefined {
    if (node === undefined) return undefined;
    const rendered = this.render(node);
    return rendered === NO_VALUE ? undefined : rendered;
  }

  /** What a `Ref`, `GetAtt`, `Sub` or literal ARN points at. */
  link(node: TNode | undefined): ResourceLink | undefined {
    if (node === undefined || this.isNoValue(node)) return undefined;
    const id = this.referencedResource(node);
    if (id) return { id, known: true, loc: node.loc };
    const value = this.string(node);
    if (value?.known) return { external: value.value, known: true, loc: node.loc };
    return { known: false, loc: node.loc };
  }

  /** Logical ID of the stack resource a node refers to, if it is a plain reference to one. */
  referencedResource(node: TNode): string | undefined {
    if (node.kind !== 'fn') return undefined;
    if (node.name === 'Ref' && isScalar(node.arg)) {
      const target = String(node.arg.value);
      return this.resourceIds.has(target) ? target : undefined;
    }
    if (node.name === 'Fn::GetAtt') {
      const target = getAttTarget(node);
      return target && this.resourceIds.has(target) ? target : undefined;
    }
    if (node.name === 'Fn::Sub' && isScalar(node.arg) && typeof node.arg.value === 'string') {
      const whole = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/.exec(node.arg.value);
      if (whole && this.resourceIds.has(whole[1]!)) return whole[1];
    }
    return undefined;
  }

  private render(node: TNode): RenderedString | typeof NO_VALUE {
    switch (node.kind) {
      case 'scalar':
        return node.value === null ? unknown('null') : known(String(node.value));
      case 'map':
      case 'seq':
        return unknown('structured value');
      case 'fn':
        return this.renderFn(node);
    }
  }

  private renderFn(node: FnNode): RenderedString | typeof NO_VALUE {
    switch (node.name) {
      case 'Ref':
        return isScalar(node.arg) ? this.renderRef(String(node.arg.value)) : unknown('Ref');
      case 'Fn::Sub':
        return this.renderSub(node);
      case 'Fn::Join':
        return this.renderJoin(node);
      case 'Fn::Select':
        return this.renderSelect(node);
      case 'Fn::FindInMap':
        return this.renderFindInMap(node);
      case 'Fn::GetAtt':
        return unknown(getAttTarget(node) ? `${getAttTarget(node)}.${getAttAttribute(node) ?? ''}` : 'GetAtt');
      case 'Fn::ImportValue':
        return unknown('ImportValue');
      case 'Fn::If':
        return unknown('a condition');
      default:
        return unknown(node.name);
    }
  }

  private renderRef(name: string): RenderedString | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return unknown(name);
    const parameter = this.parameters.get(name);
    if (parameter) {
      const fallback = parameter.defaultValue;
      if (fallback && isScalar(fallback) && fallback.value !== null) {
        return {
          text: String(fallback.value),
          complete: true,
          assumptions: [{ parameter: name, value: fallback.value, loc: fallback.loc }],
        };
      }
      return unknown(name);
    }
    return unknown(name);
  }

  private renderSub(node: FnNode): RenderedString {
    let template: TNode | undefined = node.arg;
    let variables: TNode | undefined;
    if (isSeq(node.arg)) {
      template = node.arg.items[0];
      variables = node.arg.items[1];
    }
    if (!isScalar(template) || typeof template.value !== 'string') return unknown('Sub');
    const out: RenderedString = { text: '', complete: true, assumptions: [] };
    const pattern = /\$\{(!?)([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(template.value); match; match = pattern.exec(template.value)) {
      out.text += template.value.slice(last, match.index);
      last = match.index + match[0].length;
      if (match[1] === '!') {
        out.text += '${' + match[2] + '}';
        continue;
      }
      const name = match[2]!.trim();
      const variable = get(variables, name);
      const part = variable ? this.render(variable) : name.includes('.') ? unknown(name) : this.renderRef(name);
      append(out, part === NO_VALUE ? unknown(name) : part);
    }
    out.text += template.value.slice(last);
    return out;
  }

  private renderJoin(node: FnNode): RenderedString {
    if (!isSeq(node.arg) || node.arg.items.length !== 2) return unknown('Join');
    const [delimiterNode, listNode] = node.arg.items as [TNode, TNode];
    if (!isScalar(delimiterNode) || !isSeq(listNode)) return unknown('Join');
    const delimiter = String(delimiterNode.value ?? '');
    const out: RenderedString = { text: '', complete: true, assumptions: [] };
    listNode.items.forEach((item, index) => {
      if (index > 0) out.text += delimiter;
      const part = this.render(item);
      append(out, part === NO_VALUE ? known('') : part);
    });
    return out;
  }

  private renderSelect(node: FnNode): RenderedString | typeof NO_VALUE {
    if (!isSeq(node.arg) || node.arg.items.length !== 2) return unknown('Select');
    const [indexNode, listNode] = node.arg.items as [TNode, TNode];
    const index = this.render(indexNode);
    if (index === NO_VALUE || !index.complete || !isSeq(listNode)) return unknown('Select');
    const item = listNode.items[Number(index.text)];
    return item ? this.render(item) : unknown('Select');
  }

  private renderFindInMap(node: FnNode): RenderedString | typeof NO_VALUE {
    if (!isSeq(node.arg) || node.arg.items.length < 3) return unknown('FindInMap');
    const keys = node.arg.items.slice(0, 3).map((item) => this.render(item));
    if (keys.some((key) => key === NO_VALUE || !key.complete)) return unknown('FindInMap');
    const [mapName, topKey, secondKey] = keys.map((key) => (key as RenderedString).text) as [string, string, string];
    const value = get(get(get(get(this.root, 'Mappings'), mapName), topKey), secondKey);
    if (!value) return unknown('FindInMap');
    const rendered = this.render(value);
    if (rendered === NO_VALUE) return rendered;
    rendered.assumptions.push(...keys.flatMap((key) => (key as RenderedString).assumptions));
    return rendered;
  }
}

export function getAttTarget(node: FnNode): string | undefined {
  if (isScalar(node.arg)) return String(node.arg.value).split('.')[0];
  if (isSeq(node.arg) && isScalar(node.arg.items[0])) return String(node.arg.items[0].value);
  return undefined;
}

export function getAttAttribute(node: FnNode): string | undefined {
  if (isScalar(node.arg)) return String(node.arg.value).split('.').slice(1).join('.') || undefined;
  if (isSeq(node.arg) && isScalar(node.arg.items[1])) return String(node.arg.items[1].value);
  return undefined;
}

function known(text: string): RenderedString {
  return { text, complete: true, assumptions: [] };
}

function unknown(name: string): RenderedString {
  return { text: '${' + name + '}', complete: false, assumptions: [] };
}

function append(out: RenderedString, part: RenderedString): void {
  out.text += part.text;
  out.complete &&= part.complete;
  out.assumptions.push(...part.assumptions);
}

function unknownParts(text: string): string {
  const names = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
  return names.length ? names.join(', ') : 'a value only known at deploy time';
}

function describeInput(name: string, value: unknown): string {
  const bare = name.replace(/#\d+$/, '');
  // A variable of a Terraform module is `var:module.x.name`, said as Terraform writes it: `var.name` of `module.x`
  // (of `module.x["a.b"]` for one instance of a call with for_each, whose key may hold dots).
  const inModule = /^var:((?:module\.[^.[]+(?:\[[^\]]*\])?\.)+)([^.]+)$/.exec(bare);
  if (inModule) return `var.${inModule[2]} of ${inModule[1]!.slice(0, -1)} = ${JSON.stringify(value)}, its default`;
  if (bare.startsWith('var:')) return `var.${bare.slice(4)} = ${JSON.stringify(value)}, its default`;
  return `\${${bare}} = ${JSON.stringify(value)}, the fallback written with it`;
}

/** Human text for the assumptions behind a value, for appending to a finding's message. */
export function describeAssumptions(assumptions: Assumption[]): string {
  if (assumptions.length === 0) return '';
  const unique = [...new Map(assumptions.map((a) => [a.parameter, a])).values()];
  // Lowered formats declare their deploy-time inputs as parameters too, named so no CloudFormation
  // logical ID can be: `opt:stage` (a serverless.yml fallback), `var.timeout` (a Terraform variable).
  const parameters = unique.filter((a) => /^[A-Za-z0-9]+$/.test(a.parameter)).map((a) => `parameter ${a.parameter} = ${JSON.stringify(a.value)}`);
  const variables = unique.filter((a) => !/^[A-Za-z0-9]+$/.test(a.parameter)).map((a) => describeInput(a.parameter, a.value));
  const said = [...(parameters.length ? [`the Default of ${parameters.join(', ')}`] : []), ...variables];
  return ` (assuming ${said.join(', ')})`;
}
