// A local HTTPS emulator of the Azure APIs flightdeck calls, for the REAL SDK clients:
// ARM container apps (GET, PATCH as a long-running operation, revisions with paging,
// activate / deactivate / restart) and Azure Monitor (metrics:getBatch, Log Analytics query).
// Tests script faults (status, headers, a hang) per path, and read what was asked.
import { Agent, createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeCertificate } from './certificate.js';
import { appJson, armRoute, type EmulatedApp } from './arm.js';
import { monitorRoute, type MonitorData } from './monitor.js';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
  body: unknown;
  at: number;
  /** The region a metrics request was sent to (the endpoint's first path segment), if any. */
  region?: string;
}

export interface Fault {
  /** Matched against "METHOD /path". */
  match: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout must end it). */
  hang?: boolean;
  /** How many requests it answers (default: all). */
  times?: number;
}

export interface LroPlan {
  /** Status polls answered InProgress before the end (default 1). */
  polls: number;
  /** End the operation Failed, after applying `partial` (if any) instead of the asked traffic. */
  fail?: { code: string; message: string; partial?: EmulatedApp['traffic'] };
}

export interface Emulator {
  url: string;
  agent: Agent;
  seen: SeenRequest[];
  apps: Map<string, EmulatedApp>;
  monitor: MonitorData;
  lro: LroPlan;
  /** Revisions per page of the list (default 2: a few revisions make several pages). */
  pageSize: number;
  fault(f: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: unknown };
export type Handler = (req: SeenRequest, emu: Emulator) => Reply | undefined;

export async function startEmulator(): Promise<Emulator> {
  const { key, cert } = makeCertificate();
  const faults: Fault[] = [];
  const hung: ServerResponse[] = [];
  // eslint-disable-next-line prefer-const -- assigned once below; emu's methods read it first
  let server: Server | undefined;
  const emu: Emulator = {
    url: '',
    agent: new Agent({ ca: cert, keepAlive: false }),
    seen: [],
    apps: new Map(),
    monitor: { metrics: {}, logs: () => ({ tables: [] }) },
    lro: { polls: 1 },
    pageSize: 2,
    fault: (f) => faults.push({ ...f }),
    clearFaults: () => faults.splice(0),
    close: async () => {
      for (const res of hung) res.destroy();
      emu.agent.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(`https://localhost${req.url ?? '/'}`);
    // a regional metrics endpoint is emulated as https://localhost:port/<region>/...
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '/');
    const regional = /^\/([a-z0-9]+)(\/subscriptions\/[^/]+\/metrics:getBatch)$/.exec(path);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: regional?.[2] ?? path,
      ...(regional?.[1] ? { region: regional[1] } : {}),
      query: url.searchParams,
      auth: req.headers.authorization,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      at: Date.now(),
    };
    emu.seen.push(seen);
    const fault = faults.find((f) => f.match.test(`${seen.method} ${seen.path}`) && (f.times ?? 1) > 0);
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.hang) {
        hung.push(res);
        return;
      }
      reply(res, { status: fault.status ?? 500, ...(fault.headers ? { headers: fault.headers } : {}), body: fault.body ?? { error: { code: 'Fault', message: `scripted ${fault.status ?? 500}` } } });
      return;
    }
    const answer = armRoute(seen, emu) ?? monitorRoute(seen, emu);
    reply(res, answer ?? { status: 404, body: { error: { code: 'NotFound', message: `no route for ${seen.method} ${seen.path}` } } });
  };
  server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, { status: 500, body: { error: { code: 'EmulatorBug', message: String(err) } } }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  emu.url = `https://localhost:${(server.address() as AddressInfo).port}`;
  return emu;
}

function reply(res: ServerResponse, r: Reply): void {
  res.statusCode = r.status;
  res.setHeader('content-type', 'application/json');
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  res.end(r.body === undefined ? '' : JSON.stringify(r.body));
}

export { appJson };
