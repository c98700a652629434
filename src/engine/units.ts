/**
 * A run's files split into units of work that can be analysed apart: one per project (a folder
 * holding a template, a serverless config, Terraform, a CDK app or an Azure Functions app), found
 * by splitting the folders that contain several projects (`patterns/`, `services/`, a repository
 * of samples). The units are also the run's projects where a model pairs what a project holds
 * (an Azure Functions app in code with the one Terraform deploys), so that pairing is the same
 * however the run is spread over threads.
 *
 * The split is a guess about independence, not a promise: a template may link a handler in
 * another project's folder, or two projects may share a module. ./pool.ts checks each unit's
 * footprint and analyses again, together, units whose analyses touched the same file, so the
 * split decides only how much runs in parallel, never what is reported.
 */
import path from 'node:path';
import { SERVERLESS_CONFIG, type CdkAppLocation, type DiscoveredFile } from '../discover/index.js';

export interface WorkUnit {
  /** The folder the unit stands for (its project, or a split folder's own loose files). */
  dir: string;
  files: DiscoveredFile[];
  cdkApps: CdkAppLocation[];
  /** Relative cost, to hand out the largest units first. */
  weight: number;
}

/** File names that make their folder a project of its own. */
const PROJECT_FILE = /^(template|.+\.template|.+\.cfn|.+-template)\.(ya?ml|json)$|^host\.json$|\.tf$/i;

/** A CDK app costs a TypeScript program of its own: about as much as this many plain files. */
const CDK_APP_WEIGHT = 20;

export function splitIntoUnits(files: DiscoveredFile[], cdkApps: CdkAppLocation[]): WorkUnit[] {
  const top = commonFolder([...files.map((f) => path.dirname(f.path)), ...cdkApps.map((a) => a.dir)]);
  if (top === undefined) return [];
  const tree = new Folder(top);
  for (const file of files) tree.at(path.dirname(file.path)).files.push(file);
  for (const app of cdkApps) tree.at(app.dir).cdkApps.push(app);
  const units: WorkUnit[] = [];
  collect(tree, units);
  // Discovery's order within each unit, as one analysis of the whole run would see them.
  const order = new Map(files.map((f, i) => [f, i]));
  const appOrder = new Map(cdkApps.map((a, i) => [a, i]));
  for (const unit of units) {
    unit.files.sort((a, b) => order.get(a)! - order.get(b)!);
    unit.cdkApps.sort((a, b) => appOrder.get(a)! - appOrder.get(b)!);
  }
  return units;
}

class Folder {
  readonly children = new Map<string, Folder>();
  readonly files: DiscoveredFile[] = [];
  readonly cdkApps: CdkAppLocation[] = [];
  private marked: boolean | undefined;

  constructor(readonly dir: string) {}

  at(dir: string): Folder {
    const relative = path.relative(this.dir, dir);
    let folder: Folder = this;
    if (!relative) return folder;
    for (const name of relative.split(path.sep)) {
      let child = folder.children.get(name);
      if (!child) folder.children.set(name, (child = new Folder(path.join(folder.dir, name))));
      folder = child;
    }
    return folder;
  }

  /** The cost of what this folder holds directly (./pool.ts hands out the largest units first). */
  get ownWeight(): number {
    return this.files.length + this.cdkApps.length * CDK_APP_WEIGHT;
  }

  /** Holds a project's own file directly. */
  get isProject(): boolean {
    return this.cdkApps.length > 0 || this.files.some((f) => PROJECT_FILE.test(path.basename(f.path)) || SERVERLESS_CONFIG.test(path.basename(f.path)));
  }

  /** Holds a project somewhere inside. */
  get holdsProject(): boolean {
    if (this.marked === undefined) this.marked = this.isProject || [...this.children.values()].some((c) => c.holdsProject);
    return this.marked;
  }
}

/**
 * A folder is split when it is not a project itself and at least three of its subfolders hold one:
 * a container of projects (a repository of samples, `services/`), not a project whose parts sit in
 * a few subfolders (`app/` with `infra/`), which stays whole so its parts are read together.
 */
const CONTAINER_MIN_PROJECTS = 3;

function collect(folder: Folder, units: WorkUnit[]): void {
  const children = [...folder.children.values()];
  const projectChildren = children.filter((c) => c.holdsProject);
  // A folder whose only project is deeper down (`repo/` around `repo/patterns/…`) is passed through.
  const passThrough = projectChildren.length === 1 && !projectChildren[0]!.isProject;
  // Code with no project file anywhere (handlers found by convention, a repository of function
  // samples) is split by folder too: nothing pairs there, and a module two folders share is caught by the pool.
  const codeOnly = !folder.holdsProject && children.length >= CONTAINER_MIN_PROJECTS;
  if (folder.isProject || (projectChildren.length < CONTAINER_MIN_PROJECTS && !passThrough && !codeOnly)) {
    const unit: WorkUnit = { dir: folder.dir, files: [], cdkApps: [], weight: 0 };
    gather(folder, unit);
    if (unit.files.length || unit.cdkApps.length) units.push(unit);
    return;
  }
  if (folder.files.length || folder.cdkApps.length) {
    units.push({ dir: folder.dir, files: [...folder.files], cdkApps: [...folder.cdkApps], weight: folder.ownWeight });
  }
  for (const child of children.sort((a, b) => (a.dir < b.dir ? -1 : 1))) collect(child, units);
}

function gather(folder: Folder, unit: WorkUnit): void {
  unit.files.push(...folder.files);
  unit.cdkApps.push(...folder.cdkApps);
  unit.weight += folder.ownWeight;
  for (const child of folder.children.values()) gather(child, unit);
}

function commonFolder(dirs: string[]): string | undefined {
  let common: string | undefined = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (common !== undefined && common !== dir && !dir.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const parent = path.dirname(common);
      common = parent === common ? undefined : parent;
    }
  }
  return common;
}
