// One benchmark row, the table printed for people and the JSON line printed for tools.

export type BenchStatus = 'pass' | 'fail' | 'n/a' | 'info';

export interface BenchRow {
  name: string;
  /** Measured value in `unit`; null when not measured. */
  measured: number | null;
  /** The same-run baseline it is compared with, in `unit`; null for absolute budgets. */
  baseline: number | null;
  unit: 'ms' | 'MiB' | 'us' | '%';
  /** measured / baseline, or null. */
  ratio: number | null;
  /** Human form of the budget: "<= 2x", "< 2000 ms". */
  budget: string;
  status: BenchStatus;
  note?: string;
}

export function notAvailable(name: string, budget: string, note: string, unit: BenchRow['unit'] = 'ms'): BenchRow {
  return { name, measured: null, baseline: null, unit, ratio: null, budget, status: 'n/a', note };
}

/** A row judged by ratio: pass when measured/baseline <= maxRatio. */
export function ratioRow(
  name: string,
  measured: number,
  baseline: number,
  maxRatio: number,
  unit: BenchRow['unit'],
  note?: string,
): BenchRow {
  const ratio = measured / baseline;
  return {
    name,
    measured,
    baseline,
    unit,
    ratio,
    budget: `<= ${maxRatio}x`,
    status: ratio <= maxRatio ? 'pass' : 'fail',
    ...(note ? { note } : {}),
  };
}

function fmt(value: number | null, unit: string): string {
  if (value === null) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'measured', 'baseline', 'ratio', 'budget', 'result'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.measured, r.unit),
    fmt(r.baseline, r.unit),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.budget,
    r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  return out.join('\n');
}

export function summaryLine(rows: readonly BenchRow[]): string {
  const count = (s: BenchStatus) => rows.filter((r) => r.status === s).length;
  return `${count('pass')} pass, ${count('fail')} fail, ${count('n/a')} n/a (benchmarks report; they do not gate)`;
}
