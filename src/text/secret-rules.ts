// The shapes of secrets, one table for every sink: the screen, spools, the audit log, the
// shell state file, the pack scan and lint. Written after studying the common rules of
// secret scanners (gitleaks and others): vendor tokens with a fixed prefix, key blocks,
// credentials in URLs and connection strings, and values behind a name or flag that says
// "secret". Each rule names what it found so messages can say where and what kind,
// never the value.
import { namesSecretValue } from './secret-names.js';
import { isPlaceholder } from './placeholders.js';

export interface SecretRule {
  /** What it looks like, for messages ("a GitHub token"). */
  what: string;
  /** Flags d and g always. */
  re: RegExp;
  /** Groups that may hold the secret (the first that matched); the whole match when absent. */
  groups?: readonly number[];
  /** Whether a match really is a secret (its value, the name in front of it). */
  keep?: (m: RegExpExecArray, value: string) => boolean;
  /** The rule runs only on text holding one of these (lower case): most output holds none. */
  hints?: readonly string[];
}

/** A value in quotes (plain or backslash-escaped, as in JSON inside JSON) or a bare word: groups 1-4. */
/** Within one line: no newline, nor the `\\n` that stands for one in a JSON string. */
const SAME_LINE = String.raw`(?:[^\n\\]|\\(?!n))*`;
const VALUE = String.raw`(?:\\"((?:[^"\\\n]|\\\\)*)\\"|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^\s"'\x60;,&<>(){}\[\]|]+))`;
const VALUE_GROUPS = [1, 2, 3, 4] as const;
const NAME_END = String.raw`(?:\\?["'])?[ \t]*`;

const NAME_CHAR = /[A-Za-z0-9_.-]/;

/** The whole name whose last word the match starts with (`AWS_SECRET_ACCESS_KEY` for a match on `KEY`). */
function nameEndingAt(m: RegExpExecArray): string | undefined {
  const end = m.index;
  let k = end;
  while (k > 0 && end - k < 80 && NAME_CHAR.test(m.input[k - 1] ?? '')) k--;
  // `${TOKEN:-default}` is a shell expansion, not a name and its value
  if (m.input[k - 1] === '{' && m.input[k - 2] === '$') return undefined;
  return m.input.slice(k, end) + (m[1] ?? '');
}

const valueOk = (value: string): boolean => value.length >= 4 && !isPlaceholder(value);
const named = (m: RegExpExecArray, value: string): boolean => namesSecretValue(nameEndingAt(m) ?? '') && valueOk(value);
/** The last words a name in front of a secret can end with (./secret-names.ts decides). */
const LAST_WORD = String.raw`(passw(?:or)?d|pwd|passphrase|secrets?|tokens?|sig|signature|credentials?|creds|sas|connstr|dsn|pat|keys?|string)`;
const notPlaceholder = (_m: RegExpExecArray, value: string): boolean => !isPlaceholder(value);

export const RULES: readonly SecretRule[] = [
  { what: 'a private key block', re: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/dg },
  { what: 'a JSON web token', re: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/dg },
  { what: 'a bearer token', groups: [1], re: /\b(?:Bearer|bearer|BEARER|Basic|basic|BASIC|Digest|digest)[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/dg },
  {
    what: 'an authorization header',
    groups: [1],
    keep: notPlaceholder,
    re: /\bAuthorization\\?["']?[ \t]*:[ \t]*\\?["']?(?:(?:token|SharedKey|SharedAccessSignature)[ \t]+)?([^\s"'\\]{8,})/dgi,
  },
  { what: 'a SAS signature', groups: [1], re: /(?:^|[?&;\s"'])sig=([A-Za-z0-9%+/=_-]{8,})/dg },
  { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/dg },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/dg },
  { what: 'a GitLab token', re: /\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}/dg },
  { what: 'a Slack token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/dg },
  { what: 'a Slack webhook', hints: ['hooks.slack.com'], groups: [1], re: /\bhooks\.slack\.com\/(?:services|workflows)\/([A-Za-z0-9/_-]{20,})/dg },
  {
    what: 'an API token',
    re: /\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{32,}|npm_[A-Za-z0-9]{36}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|hv[sb]\.[A-Za-z0-9_-]{24,}|do[por]_v1_[a-f0-9]{64}|dckr_pat_[A-Za-z0-9_-]{20,}|dapi[a-f0-9]{32}|hf_[A-Za-z]{30,}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})/dg,
  },
  { what: 'an Azure client secret', re: /(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/dg },
  { what: 'a storage account key', hints: ['=='], re: /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/dg },
  {
    what: 'a password in a URL', hints: ['://'],
    groups: [1],
    keep: notPlaceholder,
    re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@/'"]+)@/dgi,
  },
  {
    what: 'a secret after its name',
    groups: VALUE_GROUPS.map((g) => g + 1),
    keep: named,
    re: new RegExp(String.raw`${LAST_WORD}(?![A-Za-z0-9_.-])${NAME_END}(?::=|=>|=|:)[ \t]*${VALUE}`, 'dgi'),
  },
  {
    what: 'a secret after its flag',
    groups: VALUE_GROUPS.map((g) => g + 1),
    keep: (m, value) => namesSecretValue(m[1] ?? '') && valueOk(value) && !value.startsWith('-'),
    re: new RegExp(String.raw`-(?<![\w-]-)-?([A-Za-z][\w-]{1,60})(?:=|[ \t]+)${VALUE}`, 'dg'),
  },
  {
    // -p after a login (az, docker, helm), -P of sqlcmd, mysql's -pSECRET
    what: 'a password option',
    groups: VALUE_GROUPS,
    keep: notPlaceholder,
    // (the tool on the same line: in a log line a JSON "\n" ends a script line too, so `docker run -p 8000:8000` after an `acr login` is a port)
    re: new RegExp(String.raw`[ \t](?:-p(?<=\blogin\b${SAME_LINE})[ \t]+|-P(?<=\bsqlcmd\b${SAME_LINE})[ \t]*|-p(?<=\bmysql(?:dump|admin)?\b${SAME_LINE})(?=[^\s-]))${VALUE}`, 'dg'),
  },
];

/** Characters a token or key is made of: a run of them at the end of a stream may be half a secret. */
export const TOKEN_CHAR = /[A-Za-z0-9_.~+/=%-]/;

/**
 * Where a quoted value after a secret name starts when its closing quote has not come yet
 * (`password="half of it`): the quoted text may hold spaces, so a run of token characters
 * alone is not enough to hold back.
 */
export function openQuotedValue(s: string): number | undefined {
  const m = /(?<![A-Za-z0-9_.-])-{0,2}([A-Za-z_][A-Za-z0-9_.-]{0,80})(?:\\?["'])?[ \t]*(?::=|=>|=|:|[ \t])[ \t]*(\\?["'])[^"'\n]{0,400}$/d.exec(s.slice(-600));
  if (!m?.indices?.[2] || !namesSecretValue(m[1] ?? '')) return undefined;
  return s.length - Math.min(s.length, 600) + m.indices[2][0];
}
