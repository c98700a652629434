import type { FrontendLanguage } from './facts.js';

/**
 * Packages that make cold starts slow when imported whole, with the lighter way to get the same
 * thing. In JavaScript an entry matches the bare package (`lodash`) and nothing under it
 * (`lodash/get` is the fix, not the problem). In Python importing any submodule runs the package's
 * `__init__` first, so an entry matches the top-level package of any import
 * (`from sklearn.linear_model import …` loads `sklearn`).
 */
export interface HeavyPackage {
  /** The package name, matched exactly. */
  name: string;
  /** Why it is heavy, in a phrase. */
  weight: string;
  alternative: string;
}

export const HEAVY_PACKAGES: Record<FrontendLanguage, readonly HeavyPackage[]> = {
  javascript: [
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
  ],
  // boto3, the standard library and Powertools load in tens of milliseconds and are not listed;
  // numpy is borderline and so common that flagging it would bury the findings that matter.
  python: [
    { name: 'pandas', weight: 'pandas loads numpy, its own C extensions and hundreds of modules (typically 0.5–1 s)', alternative: 'the csv/json standard library for simple reads, or import pandas inside the branch that needs it (and ship it in a layer)' },
    { name: 'scipy', weight: 'scipy loads large compiled extensions', alternative: 'an import of the one submodule inside the function that needs it, or numpy alone where it suffices' },
    { name: 'sklearn', weight: 'scikit-learn loads numpy, scipy and its own extensions', alternative: 'a model exported to a lighter runtime (ONNX Runtime, treelite) or an import inside the branch that predicts' },
    { name: 'matplotlib', weight: 'matplotlib loads its backends, font cache and numpy (and builds the font cache on the first cold start)', alternative: 'an import inside the function that draws, with MPLCONFIGDIR on /tmp, or a lighter chart library' },
    { name: 'seaborn', weight: 'seaborn loads matplotlib, pandas and scipy', alternative: 'matplotlib alone, imported where the chart is drawn' },
    { name: 'tensorflow', weight: 'TensorFlow loads hundreds of MB of libraries (several seconds)', alternative: 'TensorFlow Lite (tflite-runtime) or a container image with the model preloaded at module scope once' },
    { name: 'torch', weight: 'PyTorch loads hundreds of MB of libraries (several seconds)', alternative: 'ONNX Runtime with an exported model, or a container image sized for it' },
    { name: 'keras', weight: 'Keras loads a deep-learning backend (TensorFlow, JAX or PyTorch)', alternative: 'TensorFlow Lite or ONNX Runtime with an exported model' },
    { name: 'transformers', weight: 'transformers loads PyTorch or TensorFlow and its model registry', alternative: 'an inference endpoint (SageMaker, Bedrock), or ONNX Runtime with an exported model' },
    { name: 'spacy', weight: 'spaCy loads its pipeline machinery and, when used, a model of tens of MB', alternative: 'a smaller model loaded once, or the text processing the function needs from the standard library' },
    { name: 'cv2', weight: 'OpenCV loads a large compiled library', alternative: 'Pillow for simple image work, or opencv-python-headless imported where it is needed' },
    { name: 'langchain', weight: 'langchain loads many integrations and their dependencies', alternative: 'the provider SDK (boto3 bedrock-runtime, openai) called directly, or langchain-core with one integration package' },
    { name: 'statsmodels', weight: 'statsmodels loads pandas, scipy and patsy', alternative: 'an import inside the branch that fits the model' },
  ],
};
