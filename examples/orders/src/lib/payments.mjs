import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

// Looks harmless, but it runs on every call: a new client (and a TLS handshake) per message.
export async function paymentsApiKey() {
  const secrets = new SecretsManagerClient({});
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.PAYMENTS_SECRET_ARN }));
  return SecretString;
}
