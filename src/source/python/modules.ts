/**
 * Python modules as the interpreter sees them: what each module binds at module scope (imports,
 * functions, classes, assignments), and where an import resolves from the function's code root
 * (`sys.path[0]` in Lambda: the unpacked deployment package).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Node, PythonSource } from './parser.js';

/** What an import statement binds a local name to. */
export interface ImportBinding {
  /** The module as written, without the leading dots of a relative import: `a.b`, `db`, ``. */
  module: string;
  /** Leading dots: 0 for an absolute import. */
  level: number;
  /** `from m import name`; undefined for `import m` / `import m as x`. */
  name?: string;
  statement: Node;
}

/** An import statement that runs: the module it loads, and the names a from-import takes from it. */
export interface ImportStatement {
  statement: Node;
  module: string;
  level: number;
  /** For `from m import a, b`: a, b (`*` for a wildcard); empty for `import m`. */
  names: string[];
}

export interface ModuleIndex {
  bindings: Map<string, ImportBinding>;
  imports: ImportStatement[];
  /** Dotted names loaded by `import a.b.c` (so `a.b.c.f` names module `a.b.c`). */
  dottedImports: Set<string>;
  functions: Map<string, Node>;
  classes: Map<string, Node>;
  /** Right-hand sides of module-scope assignments, by target name, in source order. */
  assignments: Map<string, Node[]>;
}

export interface PyModule extends PythonSource {
  index: ModuleIndex;
}

/** `if __name__ == "__main__":` never runs in Lambda; `if TYPE_CHECKING:` never runs at all. */
export function isDeadBranch(condition: Node | null): boolean {
  if (!condition) return false;
  const text = condition.text.replace(/\s+/g, '');
  return /^__name__==['"]__main__['"]$|^['"]__main__['"]==__name__$/.test(text) || /^(typing\.)?TYPE_CHECKING$/.test(text);
}

/** The statements that run when the module is imported: module scope, through if/try/with blocks. */
export function moduleScopeStatements(root: Node): Node[] {
  const out: Node[] = [];
  const visitBlock = (block: Node | null): void => {
    if (!block) return;
    for (const statement of block.namedChildren) if (statement) visit(statement);
  };
  const visit = (statement: Node): void => {
    switch (statement.type) {
      case 'if_statement': {
        if (!isDeadBranch(statement.childForFieldName('condition'))) visitBlock(statement.childForFieldName('consequence'));
        for (const clause of statement.childrenForFieldName('alternative')) {
          if (!clause) continue;
          if (clause.type === 'elif_clause' && isDeadBranch(clause.childForFieldName('condition'))) continue;
          visitBlock(clause.childForFieldName('consequence') ?? clause.childForFieldName('body'));
        }
        return;
      }
      case 'try_statement':
      case 'with_statement':
      case 'for_statement':
      case 'while_statement':
        for (const child of statement.namedChildren) {
          if (!child) continue;
          if (child.type === 'block') visitBlock(child);
          else if (/_clause$/.test(child.type)) for (const inner of child.namedChildren) if (inner?.type === 'block') visitBlock(inner);
        }
        return;
      default:
        out.push(statement);
    }
  };
  visitBlock(root);
  return out;
}

/** The function or class a (possibly decorated) definition defines. */
export function definitionOf(statement: Node): Node | undefined {
  if (statement.type === 'function_definition' || statement.type === 'class_definition') return statement;
  if (statement.type === 'decorated_definition') return statement.childForFieldName('definition') ?? undefined;
  return undefined;
}

export function indexModule(root: Node): ModuleIndex {
  const index: ModuleIndex = { bindings: new Map(), imports: [], dottedImports: new Set(), functions: new Map(), classes: new Map(), assignments: new Map() };
  for (const statement of moduleScopeStatements(root)) {
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      addImport(index, statement);
      continue;
    }
    const definition = definitionOf(statement);
    if (definition) {
      const name = definition.childForFieldName('name')?.text;
      if (name) (definition.type === 'function_definition' ? index.functions : index.classes).set(name, definition);
      continue;
    }
    if (statement.type === 'expression_statement') {
      for (const expression of statement.namedChildren) {
        let assignment = expression;
        // `a = b = Client()`: every target names the same value.
        while (assignment?.type === 'assignment') {
          const left = assignment.childForFieldName('left');
          const right = assignment.childForFieldName('right');
          if (left?.type === 'identifier' && right) {
            const list = index.assignments.get(left.text) ?? [];
            list.push(right.type === 'assignment' ? innermostValue(right) : right);
            index.assignments.set(left.text, list);
          }
          assignment = right!;
        }
      }
    }
  }
  return index;
}

function innermostValue(assignment: Node): Node {
  let current = assignment;
  while (current.type === 'assignment' && current.childForFieldName('right')) current = current.childForFieldName('right')!;
  return current;
}

/** Records an import statement's bindings into a scope (the module's or a function's). */
export function addImport(index: Pick<ModuleIndex, 'bindings' | 'imports' | 'dottedImports'>, statement: Node): void {
  if (statement.type === 'import_statement') {
    for (const item of statement.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const module = item.childForFieldName('name')!.text;
        const alias = item.childForFieldName('alias')!.text;
        index.bindings.set(alias, { module, level: 0, statement });
        index.imports.push({ statement, module, level: 0, names: [] });
      } else {
        const module = item.text;
        const parts = module.split('.');
        // `import a.b.c` binds `a`, and loads a, a.b and a.b.c.
        index.bindings.set(parts[0]!, { module: parts[0]!, level: 0, statement });
        for (let i = 2; i <= parts.length; i++) index.dottedImports.add(parts.slice(0, i).join('.'));
        index.imports.push({ statement, module, level: 0, names: [] });
      }
    }
    return;
  }
  const moduleNode = statement.childForFieldName('module_name');
  if (!moduleNode) return;
  let module = moduleNode.text;
  let level = 0;
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '';
    level = prefix.length;
    module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  const names: string[] = [];
  if (statement.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  for (const item of statement.childrenForFieldName('name')) {
    if (!item) continue;
    const name = item.type === 'aliased_import' ? item.childForFieldName('name')!.text : item.text;
    const local = item.type === 'aliased_import' ? item.childForFieldName('alias')!.text : item.text;
    names.push(name);
    index.bindings.set(local, { module, level, name, statement });
  }
  index.imports.push({ statement, module, level, names });
}

/** Where an import leads: project files to read, or a package outside the project (named, not read). */
export type Resolution =
  | {
      kind: 'project';
      /** Files that run, in order: each package's `__init__.py` down to the module itself. */
      files: string[];
      /** The module's own file (its `__init__.py` for a package); undefined for a namespace package. */
      file?: string;
      /** The package directory, when the module is a package (regular or namespace). */
      dir?: string;
    }
  | { kind: 'external' }
  | { kind: 'missing' };

export class ModuleResolver {
  private readonly installed: Set<string>;
  private readonly cache = new Map<string, Resolution>();

  constructor(readonly codeRoot: string) {
    this.installed = installedPackages(codeRoot);
  }

  resolve(importer: string, module: string, level: number): Resolution {
    const key = `${level ? path.dirname(importer) : ''}\0${level}\0${module}`;
    let resolution = this.cache.get(key);
    if (!resolution) {
      resolution = this.compute(importer, module, level);
      this.cache.set(key, resolution);
    }
    return resolution;
  }

  /** A submodule of a resolved package, for `from pkg import sub` and `pkg.sub` attribute access. */
  submodule(parent: Resolution, name: string): Resolution | undefined {
    if (parent.kind !== 'project' || !parent.dir) return undefined;
    const step = stepInto(parent.dir, name);
    return step ? { kind: 'project', files: [...(step.file ? [step.file] : [])], ...step } : undefined;
  }

  private compute(importer: string, module: string, level: number): Resolution {
    const parts = module ? module.split('.') : [];
    let dir: string;
    if (level > 0) {
      dir = path.dirname(importer);
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      // Python refuses a relative import that climbs out of the top-level package.
      const inside = path.relative(this.codeRoot, dir);
      if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return { kind: 'missing' };
    } else {
      const top = parts[0];
      if (!top || this.installed.has(top.toLowerCase()) || !stepInto(this.codeRoot, top)) return { kind: 'external' };
      dir = this.codeRoot;
    }
    const files: string[] = [];
    if (parts.length === 0) {
      const init = fileAt(path.join(dir, '__init__.py'));
      return { kind: 'project', files: init ? [init] : [], ...(init ? { file: init } : {}), dir };
    }
    let step: { file?: string; dir?: string } | undefined;
    for (const part of parts) {
      if (!dir) return { kind: 'missing' };
      step = stepInto(dir, part);
      if (!step) return { kind: 'missing' };
      if (step.file) files.push(step.file);
      dir = step.dir!;
    }
    return { kind: 'project', files, ...step };
  }
}

/** `name` inside `dir`: a package (with or without `__init__.py`) or a `.py` module. Packages win, as in Python. */
function stepInto(dir: string, name: string): { file?: string; dir?: string } | undefined {
  const packageDir = path.join(dir, name);
  if (isDirectory(packageDir)) {
    const init = fileAt(path.join(packageDir, '__init__.py'));
    return init ? { file: init, dir: packageDir } : { dir: packageDir };
  }
  const file = fileAt(`${packageDir}.py`);
  return file ? { file } : undefined;
}

function fileAt(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Packages pip installed into the code root (`pip install -t .`, a built artifact): they sit next
 * to the project's modules but are third-party code, named by their `*.dist-info`/`*.egg-info`.
 */
function installedPackages(codeRoot: string): Set<string> {
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync(codeRoot);
  } catch {
    return names;
  }
  for (const entry of entries) {
    const match = /^(.+?)-[^-]+\.(dist-info|egg-info)$/.exec(entry);
    if (!match) continue;
    names.add(match[1]!.toLowerCase().replace(/-/g, '_'));
    try {
      for (const line of readFileSync(path.join(codeRoot, entry, 'top_level.txt'), 'utf8').split('\n')) if (line.trim()) names.add(line.trim().toLowerCase());
    } catch {
      // No top_level.txt (most wheels built today): the distribution name is the import name.
    }
  }
  return names;
}
