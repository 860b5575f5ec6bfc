// A metric series as an inline SVG line chart: no script, no external asset, prints well.
import type { MetricSample } from './timeline.js';

export interface ChartOptions {
  width?: number;
  height?: number;
  unit?: string;
  /** Horizontal reference lines (thresholds), drawn dashed. */
  lines?: { value: number; label: string }[];
  title: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.01 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** Round axis ticks (1, 2, 5 x 10^n steps) covering [min, max], 3 to 6 of them. */
export function niceTicks(min: number, max: number): number[] {
  if (min === max) {
    const d = Math.abs(min) * 0.1 || 1;
    min -= d;
    max += d;
  }
  const rough = (max - min) / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag);
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks[ticks.length - 1] as number) < max) ticks.push(Number((first + ticks.length * step).toPrecision(12)));
  return ticks;
}

export function svgLineChart(samples: readonly MetricSample[], opts: ChartOptions): string {
  const width = opts.width ?? 760;
  const height = opts.height ?? 180;
  const pad = { left: 56, right: 16, top: 24, bottom: 28 };
  const unit = opts.unit ?? '';
  const title = `<title>${esc(opts.title)}</title>`;
  if (samples.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="40" viewBox="0 0 ${width} 40">${title}<text x="8" y="24" class="muted">no samples recorded</text></svg>`;
  }
  const values = samples.map((s) => s.v);
  const refs = (opts.lines ?? []).filter((l) => Number.isFinite(l.value));
  const ticks = niceTicks(Math.min(...values, ...refs.map((r) => r.value)), Math.max(...values, ...refs.map((r) => r.value)));
  const lo = ticks[0] as number;
  const hi = ticks[ticks.length - 1] as number;
  const times = samples.map((s) => (s.t ? Date.parse(s.t) : Number.NaN));
  const timed = times.every((t) => Number.isFinite(t)) && (times[times.length - 1] as number) > (times[0] as number);
  const t0 = times[0] as number;
  const t1 = times[times.length - 1] as number;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i: number): number =>
    pad.left + (samples.length === 1 ? plotW / 2 : timed ? (((times[i] as number) - t0) / (t1 - t0)) * plotW : (i / (samples.length - 1)) * plotW);
  const y = (v: number): number => pad.top + (1 - (v - lo) / (hi - lo)) * plotH;

  const parts: string[] = [];
  parts.push(`<rect x="${pad.left}" y="${pad.top}" width="${plotW}" height="${plotH}" class="plot"/>`);
  for (const v of ticks) {
    parts.push(`<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${esc(fmt(v) + unit)}</text>`);
  }
  for (const r of refs) {
    const ry = y(r.value).toFixed(1);
    parts.push(`<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${ry}" y2="${ry}" class="threshold"/>`);
    parts.push(`<text x="${pad.left + plotW - 4}" y="${(Number(ry) - 4).toFixed(1)}" text-anchor="end" class="threshold-label">${esc(r.label)}</text>`);
  }
  const pts = samples.map((s, i) => `${x(i).toFixed(1)},${y(s.v).toFixed(1)}`).join(' ');
  parts.push(`<polyline points="${pts}" class="series"/>`);
  samples.forEach((s, i) => {
    parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(s.v).toFixed(1)}" r="2.5" class="point"><title>${esc(`${s.t ?? `#${i + 1}`}: ${fmt(s.v)}${unit}`)}</title></circle>`);
  });
  const left = timed ? new Date(t0).toISOString().slice(11, 19) : '1';
  const right = timed ? new Date(t1).toISOString().slice(11, 19) + ' UTC' : String(samples.length);
  parts.push(`<text x="${pad.left}" y="${height - 8}" class="axis">${esc(left)}</text>`);
  parts.push(`<text x="${pad.left + plotW}" y="${height - 8}" text-anchor="end" class="axis">${esc(right)}</text>`);
  parts.push(`<text x="${pad.left}" y="16" class="chart-title">${esc(opts.title)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${title}${parts.join('')}</svg>`;
}
