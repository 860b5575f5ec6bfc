// Secret shapes a command may print, each with the exact secret it holds. The values are
// made up (built from pieces so no scanner takes this file for a leak of a real one).
export interface SecretShape {
  name: string;
  /** A line as a command would print it. */
  line: string;
  /** What must never reach a file, the screen or a message. */
  secret: string;
}

const b64 = (n: number, seed: string): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  let h = 7;
  for (let i = 0; i < n; i++) {
    h = (h * 31 + (seed.charCodeAt(i % seed.length) ?? 1) + i) % 1_000_003;
    out += alphabet[h % 64];
  }
  return out;
};
const alnum = (n: number, seed: string): string => b64(n, seed).replace(/[+/]/g, 'q');

const STORAGE_KEY = `${b64(86, 'storage')}==`;
const SB_KEY = `${b64(43, 'servicebus')}=`;
const JWT = `eyJ${alnum(20, 'hdr')}.eyJ${alnum(40, 'body')}.${alnum(43, 'sig').replace(/q/g, '_')}`;
const PEM_BODY = `${b64(64, 'pem1')}\n${b64(64, 'pem2')}\n${b64(40, 'pem3')}`;

const shapes: [string, (s: string) => string, string][] = [
  ['AWS access key id', (s) => `aws_access_key_id = ${s}`, `AKIA${alnum(16, 'aws').toUpperCase().replace(/[^A-Z0-9]/g, 'Z')}`],
  ['AWS secret in a credentials file', (s) => `aws_secret_access_key = ${s}`, b64(40, 'awssecret')],
  ['AWS secret exported', (s) => `export AWS_SECRET_ACCESS_KEY=${s}`, b64(40, 'awsexport')],
  ['AWS secret in JSON', (s) => `  "SecretAccessKey": "${s}",`, b64(40, 'awsjson')],
  ['AWS session token in JSON', (s) => `  "SessionToken": "${s}"`, `IQoJb3JpZ2luX2Vj${b64(120, 'session')}`],
  ['GitHub personal token', (s) => `token ${s} created`, `ghp_${alnum(36, 'ghp')}`],
  ['GitHub OAuth token', (s) => `GH=${s}`, `gho_${alnum(36, 'gho')}`],
  ['GitHub fine-grained token', (s) => `using ${s}`, `github_pat_${alnum(22, 'pat1')}_${alnum(59, 'pat2')}`],
  ['GitLab token', (s) => `GITLAB ${s}`, `glpat-${alnum(20, 'gitlab')}`],
  ['Slack bot token', (s) => `slack: ${s}`, `xoxb-${alnum(12, 'sl1')}-${alnum(13, 'sl2')}-${alnum(24, 'sl3')}`],
  ['Slack user token', (s) => `${s}`, `xoxp-${alnum(12, 'su1')}-${alnum(12, 'su2')}-${alnum(32, 'su3')}`],
  ['Slack webhook', (s) => `posting to https://hooks.slack.com/services/${s}`, `T${alnum(8, 'w1')}/B${alnum(10, 'w2')}/${alnum(24, 'w3')}`],
  ['Stripe live key', (s) => `stripe ${s}`, `sk_live_${alnum(24, 'stripe')}`],
  ['Google API key', (s) => `key ${s}`, `AIza${alnum(35, 'google').replace(/[+/]/g, '_')}`],
  ['npm token', (s) => `//registry.npmjs.org/:_authToken=${s}`, `npm_${alnum(36, 'npm')}`],
  ['storage connection string', (s) => `DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=${s};EndpointSuffix=core.windows.net`, STORAGE_KEY],
  ['bare 88-character storage key', (s) => `${s}`, `${b64(86, 'barekey')}==`],
  ['storage key in a table', (s) => `key1  ${s}  Full`, `${b64(86, 'tablekey')}==`],
  ['SAS token signature', (s) => `https://prodstore.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&sp=r&se=2030-01-01&sig=${s}`, `${b64(40, 'sas').replace(/[+/]/g, 'x')}%3D`],
  ['Service Bus connection string', (s) => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`, SB_KEY],
  ['Azure AD client secret', (s) => `password: ${s}`, `${alnum(3, 'ad')}8Q~${alnum(34, 'adsecret')}`],
  ['Azure AD client secret alone', (s) => `created secret ${s} (expires 2027)`, `Xy78Q~${alnum(34, 'adalone')}`],
  ['JWT', (s) => `id_token ${s}`, JWT],
  ['bearer header', (s) => `Authorization: Bearer ${s}`, alnum(40, 'bearer')],
  ['basic auth header', (s) => `authorization: Basic ${s}`, `${b64(30, 'basic')}==`],
  ['token header', (s) => `Authorization: token ${s}`, alnum(40, 'tokenhdr')],
  ['api key header', (s) => `x-api-key: ${s}`, alnum(32, 'xapikey')],
  ['RSA private key', (s) => s, `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`],
  ['OpenSSH private key', (s) => s, `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64(70, 'ssh1')}\n${b64(70, 'ssh2')}\n-----END OPENSSH PRIVATE KEY-----`],
  ['postgres URL', (s) => `DATABASE_URL=postgres://admin:${s}@db.internal:5432/app`, 'Hunter2Pass'],
  ['mongodb+srv URL', (s) => `mongodb+srv://app:${s}@cluster0.example.net/db`, `M0ng0${alnum(10, 'mongo')}`],
  ['redis URL without user', (s) => `redis://:${s}@cache:6380/0`, `R3d1s${alnum(12, 'redis')}`],
  ['git remote with token', (s) => `https://x-access-token:${s}@github.com/org/repo.git`, alnum(30, 'gitremote')],
  ['SQL connection string', (s) => `Server=tcp:db.example.net,1433;User ID=app;Password=${s};Encrypt=True`, `Sq1!${alnum(12, 'sql')}`],
  ['ODBC Pwd', (s) => `Driver={ODBC};Server=db;Uid=app;Pwd=${s};`, `Od8c${alnum(10, 'odbc')}`],
  ['--password flag', (s) => `az vm create --admin-username azure --password ${s} --name vm1`, `Pa55-${alnum(12, 'flagpw')}`],
  ['--password= flag', (s) => `tool --password=${s}`, `Eq-${alnum(14, 'flageq')}`],
  ['--account-key flag', (s) => `az storage blob list --account-name prodstore --account-key ${s} -c logs`, `${b64(86, 'flagkey')}==`.replace(/[+/]/g, 'k')],
  ['--client-secret flag', (s) => `login --client-secret "${s}"`, `Cs${alnum(20, 'clientsecret')}`],
  ['--sas-token flag', (s) => `azcopy copy x y --sas-token '${s}'`, `sp=racwl&st=2031-05-06&sig=${alnum(20, 'sastoken')}`],
  ['-p after docker login', (s) => `docker login registry.example.io -u deploy -p ${s}`, `D0ck${alnum(14, 'docker')}`],
  ['az login -p', (s) => `az login --service-principal -u 0000-app -p ${s} --tenant t`, `Az${alnum(18, 'azlogin')}`],
  ['sqlcmd -P', (s) => `sqlcmd -S db -U sa -P ${s} -Q "select 1"`, `Sqlc${alnum(12, 'sqlcmd')}`],
  ['mysql -p attached', (s) => `mysql -h db -uroot -p${s} app`, `My${alnum(12, 'mysql')}`],
  ['JSON token field', (s) => `{"token":"${s}"}`, `t0k${alnum(17, 'jsontoken')}`],
  ['JSON password field', (s) => `{"user": "app", "password": "${s}"}`, `pw-${alnum(13, 'jsonpw')}`],
  ['JSON accessToken field', (s) => `  "accessToken": "${s}",`, alnum(60, 'accesstoken')],
  ['escaped JSON inside a string', (s) => `"body": "{\\"client_secret\\":\\"${s}\\"}"`, `es${alnum(20, 'escaped')}`],
  ['YAML api_key', (s) => `  api_key: ${s}`, alnum(32, 'yaml')],
  ['query string client_secret', (s) => `POST /token?grant_type=client_credentials&client_secret=${s}&scope=x`, `qs${alnum(24, 'query')}`],
  ['quoted value with spaces', (s) => `DB_PASSWORD='${s}'`, 'correct horse battery staple'],
  ['PowerShell -Password', (s) => `New-Thing -Name x -Password '${s}'`, `Ps${alnum(14, 'pwsh')}`],
];

export const CORPUS: SecretShape[] = shapes.map(([name, make, secret]) => ({ name, line: make(secret), secret }));

/** Every 8-character piece of a secret (the whole secret when shorter). */
export function pieces(secret: string): string[] {
  if (secret.length <= 8) return [secret];
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const p = secret.slice(i, i + 8);
    // runs of the same character or line breaks in a key block are not telling pieces
    if (!/\n/.test(p) && !/^(.)\1+$/.test(p)) out.push(p);
  }
  return out;
}

/** The first piece of `secret` found in `text`, if any. */
export function leakedPiece(text: string, secret: string): string | undefined {
  return pieces(secret).find((p) => text.includes(p));
}
