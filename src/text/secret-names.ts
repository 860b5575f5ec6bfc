// Names that say "this holds a secret", for two uses with different reach:
// - a parameter or variable name (isSecretName): any secret word anywhere in the name
//   (KEY_VAULT_NAME included: a false alarm only masks a value);
// - the name in front of a value in text (`AccountKey=`, `"token":`, `--client-secret`):
//   the name must END in a secret word, so `token_type: Bearer`, `SharedAccessKeyName=...`,
//   `--password-stdin` or `--secret-name x` are left alone, and a bare `key` (JSON tags,
//   app settings) needs a word before it (api key, account key, access key...).

/** `clientSecret`, `AWS_SECRET_ACCESS_KEY`, `x-functions-key`, `APIKey` as lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PARAM_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey',
  'sas', 'credential', 'credentials', 'creds', 'cred', 'connection', 'connstr', 'dsn', 'sig', 'signature', 'privatekey',
  'accountkey', 'bearer', 'pat',
]);

/** A parameter or variable whose name says it is secret: password, secret, token, key, SAS, connection, DSN, credentials... */
export function isSecretName(name: string): boolean {
  if (nameWords(name).some((w) => PARAM_WORDS.has(w))) return true;
  return /password|secret|token|apikey|connectionstring|credential/i.test(name.replace(/[^A-Za-z]/g, ''));
}

/** Words that, last in a name, make the value after it a secret. */
const VALUE_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'sig', 'signature', 'credential',
  'credentials', 'creds', 'sas', 'connstr', 'dsn', 'pat', 'privatekey', 'accountkey',
]);
/** Words before a final `key` that do not make it a secret. */
const PLAIN_KEYS = new Set(['partition', 'sort', 'public', 'foreign', 'row', 'hash', 'range', 'idempotency', 'cache', 'lookup', 'map']);

/** The name in front of a value in text (`Password=`, `"accessToken":`, `--account-key`) marks that value secret. */
export function namesSecretValue(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (last === undefined) return false;
  if (VALUE_WORDS.has(last)) return true;
  if (last === 'string' && before === 'connection') return true;
  if (last === 'key' || last === 'keys') return before !== undefined && !PLAIN_KEYS.has(before);
  return false;
}
