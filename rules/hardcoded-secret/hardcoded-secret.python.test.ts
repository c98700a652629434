import { describe } from 'vitest';
import { PYTHON, testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';


describe('Python', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'environment fallbacks, placeholders, f-strings with values, AWS documentation keys',
        ...PYTHON,
        files: {
          'app.py': `
            import os

            DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
            API_TOKEN = os.getenv("API_TOKEN", "changeme")
            PLACEHOLDER_KEY = "<your api key>"
            EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"


            def lambda_handler(event, context):
                password = f"{event['user']}-{os.environ['SUFFIX']}"
                return {"password": password, "token": os.environ["TOKEN"]}
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'a live key, a dict value, a keyword argument and a PEM block, masked',
        ...PYTHON,
        files: {
          'app.py': `
            import pymysql

            STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc9Zx2"
            SETTINGS = {"db_password": "Pr0d-Passw0rd-2024!"}
            PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
            MIIEowIBAAKCAQEA1c2bKj3n1x4VbMZ0Y8mQd9r2mJv4s6b7Tq8pX1zR5o3nLw0e
            -----END RSA PRIVATE KEY-----"""


            def lambda_handler(event, context):
                return pymysql.connect(host="db", user="app", password="S3cr3t-Pa55word!")
          `,
        },
        errors: [
          { file: 'app.py', line: 3, column: 14, messageIncludes: ['Stripe', 'sk_live_'] },
          { file: 'app.py', line: 4, column: 28, messageIncludes: ['db_password is set to a literal secret'] },
          { file: 'app.py', line: 5, column: 15, messageIncludes: ['private key'] },
          { file: 'app.py', line: 11, column: 60, messageIncludes: ['password is set to a literal secret'] },
        ],
      },
    ],
  });
});
