/**
 * Packages that make cold starts slow when imported whole, with the lighter way to get the same
 * thing. Each entry is matched against an import specifier: the bare package (`lodash`) and
 * nothing under it (`lodash/get` is the fix, not the problem).
 */
export interface HeavyPackage {
  /** The package name, matched exactly. */
  name: string;
  /** Why it is heavy, in a phrase. */
  weight: string;
  alternative: string;
}

export const HEAVY_PACKAGES: readonly HeavyPackage[] = [
  {
    name: 'aws-sdk',
    weight: 'the whole AWS SDK v2 (every service, tens of MB) is loaded and parsed',
    alternative: 'the modular v3 clients (@aws-sdk/client-s3, @aws-sdk/client-dynamodb, …), which load only the service used; v2 reached end of support in September 2025',
  },
  { name: 'lodash', weight: 'all of lodash (600+ functions) is loaded for the few used', alternative: 'per-method imports (lodash/get) or lodash-es with named imports and a bundler, or native equivalents' },
  { name: 'moment', weight: 'moment loads its whole API and is in maintenance mode', alternative: 'dayjs, date-fns or the built-in Intl and Date APIs' },
  { name: 'moment-timezone', weight: 'moment-timezone loads moment plus the full time-zone database', alternative: 'Intl.DateTimeFormat with timeZone, or date-fns-tz / dayjs with its timezone plugin' },
  { name: 'request', weight: 'request is deprecated and pulls in a large dependency tree', alternative: 'the built-in fetch (Node.js 18+) or undici' },
  { name: 'googleapis', weight: 'googleapis loads the clients of every Google API', alternative: 'the per-API package, e.g. @googleapis/sheets' },
  { name: 'aws-xray-sdk', weight: 'aws-xray-sdk loads the Express, MySQL and Postgres integrations too', alternative: 'aws-xray-sdk-core, or Powertools Tracer' },
  { name: 'core-js', weight: 'core-js loads polyfills the Lambda Node.js runtime does not need', alternative: 'nothing: target the runtime\'s Node.js version instead of polyfilling' },
  { name: 'validator', weight: 'validator loads every validator for the one used', alternative: 'per-function imports (validator/lib/isEmail)' },
];
