import { describe } from 'vitest';
import { PYTHON, testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';


describe('Python', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'boto3, the standard library, Powertools and numpy are not heavy; heavy packages imported where they are needed',
        ...PYTHON,
        files: {
          'app.py': `
            import json
            import os
            from datetime import datetime

            import boto3
            import numpy as np
            from aws_lambda_powertools import Logger

            logger = Logger()


            def lambda_handler(event, context):
                if event.get("report"):
                    import pandas as pd
                    return pd.DataFrame(event["rows"]).to_json()
                return json.dumps({"at": datetime.now().isoformat(), "sum": float(np.sum(event["values"]))})


            if __name__ == "__main__":
                import matplotlib.pyplot as plt
          `,
        },
      },
      {
        name: 'a copy of boto3 or botocore in a layer folder is not measured against the limit: the runtime provides them',
        ...PYTHON,
        options: { maxBytes: 10_000 },
        files: {
          'app.py': 'import boto3\nfrom botocore.exceptions import ClientError\n\n\ndef lambda_handler(event, context):\n    return [boto3, ClientError]\n',
          'layers/deps/python/botocore/__init__.py': `x = "${'b'.repeat(20000)}"\n`,
          'layers/deps/python/botocore/exceptions.py': 'class ClientError(Exception):\n    pass\n',
          'layers/deps/python/boto3/__init__.py': `y = "${'c'.repeat(20000)}"\n`,
        },
      },
      {
        name: 'packages the project accepts through allow',
        ...PYTHON,
        options: { allow: ['pandas'] },
        files: { 'app.py': 'import pandas as pd\n\n\ndef lambda_handler(event, context):\n    return pd.__version__\n' },
      },
    ],
    invalid: [
      {
        name: 'pandas at module scope, and scikit-learn through a submodule of a helper module, once per package and file',
        ...PYTHON,
        files: {
          'app.py': `
            import pandas as pd
            import pandas
            from model.predict import score


            def lambda_handler(event, context):
                return score(pd.DataFrame(event["rows"]))
          `,
          'model/__init__.py': '',
          'model/predict.py': `
            from sklearn.linear_model import LogisticRegression

            classifier = LogisticRegression()


            def score(frame):
                return classifier.predict(frame)
          `,
        },
        errors: [
          { file: 'app.py', line: 1, column: 1, messageIncludes: ['pandas is imported at module scope for function Fn', 'import pandas inside the branch that needs it'] },
          { file: 'model/predict.py', line: 1, column: 1, messageIncludes: ['sklearn.linear_model is imported at module scope in predict.py', 'scikit-learn'] },
        ],
      },
      {
        name: 'measured where the project installs it: a virtualenv, and a package over the size limit',
        ...PYTHON,
        options: { maxBytes: 10_000 },
        files: {
          'app.py': 'import pandas\nimport bigpkg\n\n\ndef lambda_handler(event, context):\n    return [pandas, bigpkg]\n',
          '.venv/lib/python3.12/site-packages/pandas/__init__.py': `x = "${'p'.repeat(3000)}"\n`,
          '.venv/lib/python3.12/site-packages/pandas/core.py': `y = "${'q'.repeat(3000)}"\n`,
          '.venv/lib/python3.12/site-packages/bigpkg/__init__.py': `z = "${'z'.repeat(20000)}"\n`,
        },
        errors: [
          { file: 'app.py', line: 1, column: 1, messageIncludes: ["(2 files, 6 KiB measured in the project's packages)"] },
          { file: 'app.py', line: 2, column: 1, messageIncludes: ['bigpkg is imported at module scope for function Fn and loads 1 files (20 KiB)', 'import it inside the function that needs it'] },
        ],
      },
    ],
  });
});
