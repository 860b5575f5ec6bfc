// The Azure Monitor part of the emulator: metrics:getBatch and the Log Analytics query.
import type { Emulator, Reply, SeenRequest } from './server.js';

export interface MonitorData {
  /** Per metric name: its unit and values, one a minute ending at the query's end time. */
  metrics: Record<string, { unit: string; values: number[] }>;
  /** The answer to a Log Analytics query (workspace or resource). */
  logs: (query: string, req: SeenRequest) => Reply['body'];
}

export function monitorRoute(req: SeenRequest, emu: Emulator): Reply | undefined {
  if (req.method !== 'POST') return undefined;
  const batch = /^\/subscriptions\/[^/]+\/metrics:getBatch$/.exec(req.path);
  if (batch) return metricsBatch(req, emu);
  if (/^\/workspaces\/[^/]+\/query$/.test(req.path) || /\/query$/.test(req.path)) {
    const body = req.body as { query?: string } | undefined;
    return { status: 200, body: emu.monitor.logs(body?.query ?? '', req) };
  }
  return undefined;
}

function metricsBatch(req: SeenRequest, emu: Emulator): Reply {
  const names = (req.query.get('metricnames') ?? '').split(',');
  const aggregation = (req.query.get('aggregation') ?? 'average').toLowerCase();
  const end = Date.parse(req.query.get('endtime') ?? new Date().toISOString());
  const ids = (req.body as { resourceids?: string[] } | undefined)?.resourceids ?? [];
  const unknown = names.find((n) => !emu.monitor.metrics[n]);
  if (unknown) return { status: 400, body: { error: { code: 'BadRequest', message: `Failed to find metric configuration for provider: Microsoft.App, resource Type: containerApps, metric: ${unknown}` } } };
  return {
    status: 200,
    body: {
      values: ids.map((id) => ({
        starttime: req.query.get('starttime'),
        endtime: req.query.get('endtime'),
        interval: req.query.get('interval') ?? 'PT1M',
        namespace: req.query.get('metricnamespace'),
        resourceregion: 'westeurope',
        resourceid: id,
        value: names.map((name) => {
          const m = emu.monitor.metrics[name] ?? { unit: 'Count', values: [] };
          return {
            id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
            type: 'Microsoft.Insights/metrics',
            name: { value: name, localizedValue: name },
            unit: m.unit,
            errorCode: 'Success',
            timeseries: [
              {
                metadatavalues: [],
                data: m.values.map((v, i) => ({ timeStamp: new Date(end - (m.values.length - 1 - i) * 60_000).toISOString(), [aggregation]: v })),
              },
            ],
          };
        }),
      })),
    },
  };
}
