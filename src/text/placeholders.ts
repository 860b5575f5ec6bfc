// Values in a secret's place that are not secrets: already masked (the redaction marker,
// the bullets flightdeck shows for a secret parameter), a reference to one (`$DB_PASSWORD`,
// `${{ secrets.X }}`, `<your-key>`, `%PW%`), or a stand-in (`changeme`, `xxxx`). Redaction
// leaves them alone, so a command shown with `--password ••••••` is not masked twice, and
// the pack scan and lint do not take them for leaks.

const STAND_INS =
  /^(?:x+|\*+|\.+|-+|_+|your[-_a-z]*|my[-_]?(?:password|secret|token|key)|changeme|change[-_]?me|redacted|hidden|masked|example|sample|placeholder|none|null|nil|undefined|unset|not[-_]?set|empty|missing|default|true|false|required|optional|string|value|secret|password|token|todo|tbd|n\/a)$/i;

/** A file path (`~/.ssh/id_rsa`, `./key.pem`, `/etc/ssl/private/x.key`), not a secret itself. */
const PATH = /^(?:~|\.{1,2})?\/[\w.@-]+(?:\/[\w.@-]+)*\/?$|^@[\w./~-]+$/;

/** Byte strings (latin1, as the redactor reads output) decoded, so the bullets read as bullets. */
function asText(value: string): string {
  return /[\x80-\xff]/.test(value) && !/[^\x00-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

export function isPlaceholder(value: string): boolean {
  const v = asText(value).replace(/^\\?["']|\\?["']$/g, '');
  if (v === '') return true;
  if (v.startsWith('[REDACTED') || /^•+$/.test(v)) return true;
  if (/^\$(?:\{|\(|[A-Za-z_])/.test(v) || /^%[A-Za-z_]\w*%$/.test(v)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^\{[A-Za-z_][\w.-]*\}$/.test(v)) return true;
  if (/^(.)\1*$/.test(v)) return true;
  return STAND_INS.test(v) || (PATH.test(v) && !/[+=]/.test(v));
}
