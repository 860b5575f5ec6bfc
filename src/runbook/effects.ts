// What one shell statement does to the systems it touches: read (looks only), change
// (creates, updates, deploys, restarts) or destructive (deletes, rolls back, cuts traffic
// over). Judged by the program and its sub-command words; a program this table does not
// know is a change, so nothing unknown is ever called read-only. Local scratch work
// (cd, mkdir, tee to a file, an echo) touches no system and reads as read.
import type { Effect } from './model.js';

export interface StatementEffect {
  effect: Effect;
  /** Why it is destructive, in the words a confirmation prompt shows. */
  reason?: string;
}

const READ: StatementEffect = { effect: 'read' };
const CHANGE: StatementEffect = { effect: 'change' };
const destroys = (reason: string): StatementEffect => ({ effect: 'destructive', reason });

/** Programs that only look, print or work on local scratch files. */
const READ_PROGRAMS = new Set([
  'echo', 'printf', 'cat', 'grep', 'egrep', 'fgrep', 'rg', 'jq', 'yq', 'head', 'tail', 'less', 'more', 'wc', 'sort',
  'uniq', 'awk', 'cut', 'tr', 'column', 'date', 'sleep', 'test', '[', '[[', 'true', 'false', 'ls', 'pwd', 'cd', 'export',
  'set', 'unset', 'source', '.', 'env', 'which', 'type', 'command', 'whoami', 'hostname', 'nslookup', 'dig', 'host',
  'ping', 'traceroute', 'openssl', 'base64', 'jwt', 'mkdir', 'touch', 'tee', 'cp', 'diff', 'find', 'stat', 'du', 'df',
  'read', 'local', 'declare', 'readonly', 'typeset', 'exit', 'return', 'break', 'continue', 'wait', 'trap', 'shift',
  'mapfile', 'readarray', 'wget', 'nc', 'telnet', 'uname', 'id', 'history', 'clear', 'basename', 'dirname', 'seq',
  'mv', 'ln', 'chmod', 'bc', 'expr', 'black', 'flake8', 'mypy', 'pylint', 'ruff', 'bandit', 'safety', 'trivy', 'eslint', 'tsc',
  'locust', 'xxd', 'sha256sum', 'md5sum', 'pytest', 'k6', 'ab', 'hey', 'tar', 'gzip', 'zip', 'unzip', 'open', 'code', 'vi', 'vim', 'nano',
]);

/** Words that only prefix another command. */
const PREFIXES = new Set(['sudo', 'time', 'nohup', 'watch', 'timeout', 'xargs', 'exec', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'function']);
const SKIP_STATEMENT = /^(?:fi|done|esac|}|;;|case\b|for\b|in\b)/;

const AZ_READ = new Set([
  'show', 'list', 'get', 'query', 'read', 'logs', 'log', 'tail', 'what-if', 'validate', 'check', 'check-name', 'version', 'login', 'download',
  'export', 'wait', 'status', 'account', 'exists', 'list-usages', 'show-connection-string', 'get-credentials', 'get-access-token', 'find', 'browse',
]);
const AZ_DESTROY = new Set(['delete', 'purge', 'remove']);
const KUBECTL_READ = new Set(['get', 'describe', 'logs', 'top', 'explain', 'version', 'config', 'diff', 'auth', 'port-forward', 'api-resources', 'cluster-info', 'wait']);
const ALEMBIC_READ = new Set(['current', 'history', 'heads', 'show', 'branches', 'check']);
const HELM_READ = new Set(['list', 'ls', 'status', 'get', 'history', 'template', 'lint', 'show', 'search', 'repo', 'version', 'diff']);
const TERRAFORM_READ = new Set(['plan', 'show', 'validate', 'fmt', 'output', 'init', 'version', 'providers', 'graph']);
const GIT_READ = new Set(['status', 'log', 'diff', 'show', 'fetch', 'rev-parse', 'describe', 'ls-remote', 'blame', 'remote', 'clone', 'branch']);
const DOCKER_READ = new Set(['ps', 'images', 'inspect', 'logs', 'pull', 'login', 'version', 'info', 'stats', 'history', 'manifest', 'scan', 'scout']);

/** The words of a statement that are not flags or their values, after the program. */
function subcommands(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words.slice(1)) {
    if (w.startsWith('-')) break;
    out.push(w.toLowerCase());
  }
  return out;
}

function curlEffect(text: string): StatementEffect {
  const method = /(?:-X|--request)\s*["']?([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
  if (method === 'DELETE') return destroys('deletes resources');
  if (method && method !== 'GET' && method !== 'HEAD') return CHANGE;
  if (/(?:^|\s)(?:-d|--data(?:-\w+)?|-F|--form|-T|--upload-file|--json)(?:\s|=|$)/.test(text)) return CHANGE;
  return READ;
}

export function sqlEffect(text: string): StatementEffect {
  if (/\bKILL\s+\S/.test(text)) return destroys('kills sessions');
  if (/\b(?:drop\s+(?:table|database|schema)|truncate\s+table|delete\s+from)\b/i.test(text)) return destroys('drops database objects');
  if (/\b(?:insert|update|alter|create|grant|revoke|exec|execute|merge)\b/i.test(text)) return CHANGE;
  if (/\bselect\b/i.test(text)) return READ;
  return CHANGE;
}

/**
 * One simple command (already split at `;`, `&&`, `|`, `$(`). `text` keeps its quotes
 * (SQL and traffic weights are quoted), `words` are its words with quoted text blanked.
 */
export function statementEffect(text: string, words: string[]): StatementEffect {
  let i = 0;
  // Leading assignments (`X=1 cmd`) and prefixes (`sudo`, `watch -n 5`, `timeout 30`).
  while (i < words.length) {
    const w = words[i] ?? '';
    if (/^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(w)) i++;
    else if (PREFIXES.has(w)) {
      i++;
      while (i < words.length && (words[i]?.startsWith('-') || /^\d+[smh]?$/.test(words[i] ?? ''))) i++;
    } else break;
  }
  const rest = words.slice(i);
  // `watch -n 5 "az ... list"`: the quoted command is what runs.
  if (rest[0] === '""' && i > 0) {
    const inner = /"((?:[^"\\]|\\.)*)"|'([^']*)'/.exec(text);
    const cmd = inner?.[1] ?? inner?.[2];
    if (cmd !== undefined) return statementEffect(cmd, cmd.split(/\s+/).filter(Boolean));
  }
  const program = (rest[0] ?? '').replace(/^.*\//, '').toLowerCase();
  if (program === '' || SKIP_STATEMENT.test(rest.join(' ')) || /^[A-Za-z_][\w-]*\(\)$/.test(program)) return READ;
  const sub = subcommands(rest);
  switch (program) {
    case 'az': {
      if (sub.some((w) => AZ_DESTROY.has(w))) return destroys('deletes resources');
      if (sub[0] === 'account' || sub[0] === 'login' || sub[0] === 'logout' || sub[0] === 'version' || sub[0] === 'config') return READ;
      if (sub.includes('slot') && sub.includes('swap')) return destroys('swaps a slot into production');
      if (sub.includes('restore')) return destroys('restores data');
      if (sub.includes('deactivate')) return destroys('takes a revision out of service');
      // `az containerapp exec --command "nc -zv host 443"`: what runs in the container decides.
      const inner = sub.includes('exec') ? /--command\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(text) : null;
      const cmd = inner?.[1] ?? inner?.[2];
      if (cmd !== undefined) return statementEffect(cmd, cmd.split(/\s+/).filter(Boolean));
      const last = sub[sub.length - 1] ?? '';
      return AZ_READ.has(last) || /^(?:show|list|get|check)-/.test(last) ? READ : CHANGE;
    }
    case 'kubectl':
    case 'oc': {
      if (sub.includes('delete') || sub.includes('drain')) return destroys('deletes resources');
      if (sub[0] === 'rollout' && sub[1] === 'undo') return destroys('rolls back');
      if (sub[0] === 'rollout' && (sub[1] === 'status' || sub[1] === 'history')) return READ;
      return KUBECTL_READ.has(sub[0] ?? '') ? READ : CHANGE;
    }
    case 'alembic': {
      const verb = sub[0] ?? '';
      if (verb === 'downgrade') return destroys('rolls back');
      if (verb === 'stamp') return destroys('rewrites the recorded schema version without migrating');
      if (verb === 'upgrade' && /\s--sql\b/.test(text)) return READ;
      return ALEMBIC_READ.has(verb) ? READ : CHANGE;
    }
    case 'helm': {
      const verb = sub[0] ?? '';
      if (verb === 'rollback') return destroys('rolls back');
      if (verb === 'uninstall' || verb === 'delete') return destroys('deletes resources');
      return HELM_READ.has(verb) ? READ : CHANGE;
    }
    case 'terraform': {
      const verb = sub[0] ?? '';
      if (verb === 'destroy') return destroys('deletes resources');
      return TERRAFORM_READ.has(verb) ? READ : CHANGE;
    }
    case 'git': {
      const verb = sub[0] ?? '';
      if (verb === 'reset' && /--hard\b/.test(text)) return destroys('discards commits');
      if (verb === 'branch' && /\s-[dD]\b/.test(text)) return CHANGE;
      return GIT_READ.has(verb) ? READ : CHANGE;
    }
    case 'gh':
      return ['list', 'view', 'status', 'diff', 'checks', 'watch'].includes(sub[1] ?? sub[0] ?? '') ? READ : CHANGE;
    case 'docker':
    case 'podman':
      return DOCKER_READ.has(sub[0] ?? '') ? READ : CHANGE;
    case 'curl':
      return curlEffect(text);
    case 'sqlcmd':
    case 'psql':
    case 'mysql':
    case 'sqlite3':
      return sqlEffect(text);
    case 'rm':
      return /\s-\w*[rRf]|--recursive|--force/.test(text) ? destroys('removes files recursively or by force') : CHANGE;
    case 'sed':
      return /\s-i\b/.test(text) ? CHANGE : READ;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return sub[0] === 'test' || (sub[0] === 'run' && /^test|^lint/.test(sub[1] ?? '')) || sub[0] === 'audit' || sub[0] === 'ls' ? READ : CHANGE;
    case 'python':
    case 'python3':
      return /\s-m\s+pytest\b|\s--version\b/.test(text) ? READ : CHANGE;
    case 'kill':
      return CHANGE;
    default:
      // A script named for what it does: ./rollback.sh, teardown.sh.
      if (/roll-?back|revert/.test(program)) return destroys('rolls back');
      if (/delete|purge|destroy|teardown/.test(program)) return destroys('deletes resources');
      return READ_PROGRAMS.has(program) ? READ : CHANGE;
  }
}

const RANK: Record<Effect, number> = { read: 0, change: 1, destructive: 2 };

export function moreSevere(a: Effect, b: Effect): Effect {
  return RANK[b] > RANK[a] ? b : a;
}

export function effectRank(e: Effect): number {
  return RANK[e];
}
