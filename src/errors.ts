/** Errors a user can cause by how they call sls-lint or configure it: exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export class ConfigError extends UsageError {
  override name = 'ConfigError';
}
