// Retrying Azure calls ourselves (the SDK clients are built with retries off, so what
// happens is decided and tested here): 429 and 503 wait what Retry-After says; other
// transient failures (5xx, 408, timeouts, dropped connections) back off exponentially, each
// wait jittered between half and all of its ceiling; everything else fails at once.
import { sleep } from '../metrics/metric-source.js';

export interface RetryOptions {
  /** Tries in all, the first included (default 4). */
  attempts?: number;
  /** First back-off ceiling (default 500 ms), doubled each try. */
  baseMs?: number;
  /** Back-off ceiling (default 8 s). */
  maxMs?: number;
  /** A Retry-After longer than this is not waited for (default 30 s): the call fails. */
  maxRetryAfterMs?: number;
  /** Each try's time limit (default 20 s). */
  callTimeoutMs?: number;
  signal?: AbortSignal;
  /** 0..1; default Math.random. */
  random?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (retry: { attempt: number; delayMs: number; reason: string }) => void;
}

export class CallTimeout extends Error {
  override readonly name = 'CallTimeout';
}

/** The HTTP status of an SDK error (RestError.statusCode), if any. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function header(err: unknown, name: string): string | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } } } | null)?.response?.headers;
  return typeof headers?.get === 'function' ? (headers.get(name) ?? undefined) : undefined;
}

/** Milliseconds a throttled response asks to wait (retry-after-ms, x-ms-retry-after-ms, Retry-After seconds or date). */
export function retryAfterMs(err: unknown, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(header(err, name));
    if (header(err, name) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const raw = header(err, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const TRANSIENT_CODES = /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_SOCKET|REQUEST_SEND_ERROR)$/;

export function isTransient(err: unknown): boolean {
  if (err instanceof CallTimeout) return true;
  const status = statusOf(err);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.test(code);
}

/** Why a try failed, for the retry notice and the final error: "HTTP 503", "timed out". */
export function failureReason(err: unknown): string {
  if (err instanceof CallTimeout) return err.message;
  const status = statusOf(err);
  if (status !== undefined) return `HTTP ${status}`;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message.split('\n')[0] ?? err.name : String(err);
}

/** Runs fn until it succeeds, a failure is not transient, or the tries run out (the last error is thrown). */
export async function withRetry<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 4);
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 8_000;
  const random = opts.random ?? Math.random;
  const wait = opts.wait ?? sleep;
  const callTimeout = opts.callTimeoutMs ?? 20_000;
  for (let attempt = 1; ; attempt++) {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new CallTimeout(`no answer within ${Math.round(callTimeout / 100) / 10} s`)), callTimeout);
    const signal = AbortSignal.any([timer.signal, ...(opts.signal ? [opts.signal] : [])]);
    try {
      return await fn(signal, attempt);
    } catch (raw) {
      // an abort by our own timer surfaces as the SDK's AbortError: report the timeout
      const err: unknown = timer.signal.aborted && !opts.signal?.aborted ? timer.signal.reason : raw;
      if (opts.signal?.aborted || attempt >= attempts || !isTransient(err)) throw err;
      const asked = statusOf(err) === 429 || statusOf(err) === 503 ? retryAfterMs(err) : undefined;
      if (asked !== undefined && asked > (opts.maxRetryAfterMs ?? 30_000)) throw err;
      const ceiling = Math.min(max, base * 2 ** (attempt - 1));
      const delayMs = asked ?? Math.round(ceiling / 2 + (random() * ceiling) / 2);
      opts.onRetry?.({ attempt, delayMs, reason: failureReason(err) });
      await wait(delayMs, opts.signal);
    } finally {
      clearTimeout(timeout);
    }
  }
}
