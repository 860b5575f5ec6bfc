// Small text formatting shared by summary.md and report.html.

/** "2026-11-23 10:00:05 UTC" from an ISO timestamp (kept as is when unparsable). */
export function utc(iso: string | undefined): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** "1 h 02 min", "4 min 15 s", "12.3 s". */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** How a command stopped at its time limit ended (the signals that stopped it are the runner's own). */
export function timedOutText(timeoutMs: number | undefined): string {
  return timeoutMs !== undefined ? `timed out after ${duration(timeoutMs)}` : 'timed out';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Removes terminal escape sequences (colours, cursor moves, OSC) from captured output. */
export function stripAnsi(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001b[@-Z\\-_]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/**
 * A block named by its last command line (`./deploy.sh`), "… " before it when lines come
 * first (`cd infra` setting up): typed input most often answers that last command.
 */
export function commandLabel(c: { script: string; resolved?: string }): string {
  const lines = (c.resolved ?? c.script).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const last = lines[lines.length - 1] ?? '';
  const cut = last.length > 80 ? `${last.slice(0, 80)}…` : last;
  return lines.length > 1 ? `… ${cut}` : cut;
}
