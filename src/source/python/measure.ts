/**
 * What importing a Python package costs at cold start, measured where the project has it installed:
 * a SAM build (`.aws-sam/build/<Fn>/`), a layer folder (`python/`, `<layer>/python/`), a virtualenv
 * (`.venv/lib/python3.x/site-packages`), or vendored next to the code. Python loads a package's
 * `__init__` and whatever it imports; most heavy packages import most of themselves, so the size of
 * the package folder is the measure. Undefined when the package is not installed in the project.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PYTHON_STANDARD_LIBRARY } from './stdlib.js';

const MAX_FILES = 5000;
/** How far above the importer to look for the project's build output, layers and virtualenvs. */
const MAX_LEVELS = 6;
/** More entries than this in a folder and it is a collection of projects, not one: see `findSiteRoots`. */
const MAX_PROJECT_ENTRIES = 200;

const cache = new Map<string, { files: number; bytes: number; truncated: boolean } | undefined>();

export function measurePythonImport(specifier: string, importer: string): { files: number; bytes: number; truncated: boolean } | undefined {
  const top = specifier.split('.')[0]!;
  if (!/^[A-Za-z_]\w*$/.test(top) || PYTHON_STANDARD_LIBRARY.has(top)) return undefined;
  const location = findInstalled(top, path.dirname(path.resolve(importer)));
  if (!location) return undefined;
  if (cache.has(location)) return cache.get(location);
  const cost = location.endsWith('.py') ? { files: 1, bytes: statSync(location).size, truncated: false } : measureFolder(location);
  cache.set(location, cost);
  return cost;
}

/** A folder holding one of these is the project's root: the search for installed packages stops there. */
const PROJECT_ROOT_MARKERS = ['.git', 'template.yaml', 'template.yml', 'serverless.yml', 'serverless.yaml', 'cdk.json', 'samconfig.toml', 'pyproject.toml'];

const projectRoots = new Map<string, boolean>();

function isProjectRoot(dir: string): boolean {
  let root = projectRoots.get(dir);
  if (root === undefined) {
    const entries = new Set(list(dir));
    // A Terraform configuration has no fixed file name: any `.tf` file makes the folder a root module.
    root = PROJECT_ROOT_MARKERS.some((marker) => entries.has(marker)) || [...entries].some((entry) => entry.endsWith('.tf'));
    projectRoots.set(dir, root);
  }
  return root;
}

/** Where each package was (or was not) found from each folder: every handler of a folder asks the same. */
const installed = new Map<string, string | undefined>();

function findInstalled(name: string, start: string): string | undefined {
  const key = `${start}\0${name}`;
  if (installed.has(key)) return installed.get(key);
  const found = searchInstalled(name, start);
  installed.set(key, found);
  return found;
}

function searchInstalled(name: string, start: string): string | undefined {
  let dir = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    for (const root of siteRoots(dir)) {
      const found = packageIn(root, name);
      if (found) return found;
    }
    if (isProjectRoot(dir)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Site roots per folder: the same folders are asked about for every import of every handler below them. */
const rootsByFolder = new Map<string, string[]>();

function siteRoots(dir: string): string[] {
  let roots = rootsByFolder.get(dir);
  if (!roots) {
    roots = findSiteRoots(dir);
    rootsByFolder.set(dir, roots);
  }
  return roots;
}

/** Folders of `dir` that hold installed packages. */
function findSiteRoots(dir: string): string[] {
  const roots = [dir, path.join(dir, 'python'), path.join(dir, 'package'), path.join(dir, 'vendor')];
  for (const build of list(path.join(dir, '.aws-sam', 'build'))) roots.push(path.join(dir, '.aws-sam', 'build', build));
  // Layer folders: `<layer>/python/` and `layers/<layer>/python/`. Not searched in a folder of more
  // entries than a project has (a repository of many projects, a home folder): that costs thousands
  // of file-system calls, and one project does not load another's layers.
  const children = list(dir);
  for (const child of children.length > MAX_PROJECT_ENTRIES ? [] : children) {
    if (child.startsWith('.') || child === 'node_modules') continue;
    // The child's listing is read for its grandchildren anyway: it also says whether `python` is there.
    const grandchildren = listing(path.join(dir, child));
    if (grandchildren.names.includes('python')) roots.push(path.join(dir, child, 'python'));
    // Only a folder can hold `python/`: files need no stat.
    for (const grandchild of grandchildren.folders) if (exists(path.join(dir, child, grandchild, 'python'))) roots.push(path.join(dir, child, grandchild, 'python'));
  }
  for (const venv of ['.venv', 'venv', 'env', '.env']) {
    for (const lib of ['lib', 'lib64']) {
      for (const python of list(path.join(dir, venv, lib))) if (/^python3/.test(python)) roots.push(path.join(dir, venv, lib, python, 'site-packages'));
    }
    roots.push(path.join(dir, venv, 'Lib', 'site-packages'));
  }
  return roots;
}

/** An installed package: a folder with its distribution's metadata beside it, or a single-module distribution. */
function packageIn(root: string, name: string): string | undefined {
  const entries = list(root);
  const hasMetadata = entries.some((e) => /\.(dist-info|egg-info)$/.test(e));
  // A bare folder named like the package next to the code is the project's own module unless an
  // installer put metadata there too.
  if (!hasMetadata && !/site-packages$|[\\/]python$/.test(root)) return undefined;
  if (entries.includes(name) && isDirectory(path.join(root, name))) return path.join(root, name);
  if (entries.includes(`${name}.py`)) return path.join(root, `${name}.py`);
  return undefined;
}

function measureFolder(folder: string): { files: number; bytes: number; truncated: boolean } {
  let files = 0;
  let bytes = 0;
  const queue = [folder];
  while (queue.length && files < MAX_FILES) {
    const dir = queue.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__') queue.push(full);
      } else if (entry.isFile() && files < MAX_FILES) {
        files++;
        try {
          bytes += statSync(full).size;
        } catch {
          // A file removed while walking: not loaded either.
        }
      }
    }
  }
  return { files, bytes, truncated: queue.length > 0 || files >= MAX_FILES };
}

const listings = new Map<string, { names: string[]; folders: Set<string> }>();

function listing(dir: string): { names: string[]; folders: Set<string> } {
  let entries = listings.get(dir);
  if (!entries) {
    entries = { names: [], folders: new Set() };
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        entries.names.push(entry.name);
        // A link may point at a folder: only a stat could tell, so it counts as one.
        if (entry.isDirectory() || entry.isSymbolicLink()) entries.folders.add(entry.name);
      }
    } catch {
      // Missing or unreadable: nothing is installed there.
    }
    listings.set(dir, entries);
  }
  return entries;
}

function list(dir: string): string[] {
  return listing(dir).names;
}

function exists(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
