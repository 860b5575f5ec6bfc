// The pane under the step detail: the running command's output, a gate being sampled, a
// monitored wait counting down, or the selected step's finished output (in that order).
import type { Runbook } from '../../runbook/model.js';
import type { LiveMetric, LiveOutput, LiveWait } from '../../session/types.js';
import type { StepOutput } from '../step-output.js';
import { LiveOutputPane } from './live-output.js';
import { OutputPane } from './output-pane.js';
import { LiveMetricPane } from './sparkline.js';
import { WaitPane } from './wait-pane.js';

interface Props {
  runbook: Runbook;
  live: LiveOutput | undefined;
  metric: LiveMetric | undefined;
  wait: LiveWait | undefined;
  /** The finished output, when it is the one shown. */
  output: StepOutput | undefined;
  outputScroll: number;
  search: string | undefined;
  width: number;
  height: number;
}

export function BottomPane({ runbook, live, metric, wait, output, outputScroll, search, width, height }: Props) {
  if (live) {
    const command = runbook.steps.find((s) => s.id === live.stepId)?.commands.find((c) => c.id === live.commandId);
    return <LiveOutputPane live={live} command={command} width={width} height={height} />;
  }
  if (metric) return <LiveMetricPane metric={metric} width={width} height={height} />;
  if (wait) return <WaitPane wait={wait} width={width} height={height} />;
  if (output) return <OutputPane rows={output.rows} scroll={outputScroll} search={search} width={width} height={height} />;
  return null;
}
