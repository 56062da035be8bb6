import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

// Load, two ways. `connectionsRun` (autocannon): closed-loop load, as many requests as N
// connections can get answered. `rateRun`: open-loop load at a fixed overall rate, whose latencies
// are corrected for coordinated omission (a stalled server would otherwise stop the clock on the
// requests it kept waiting), the way wrk2 and HdrHistogram do it.

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  sent: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Target {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export async function connectionsRun(target: Target & { connections: number; seconds: number }): Promise<LoadResult> {
  const r = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    body: target.body,
    headers: target.headers,
    connections: target.connections,
    duration: target.seconds,
    timeout: 10,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    sent: r.requests.sent,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

// Open loop at a fixed overall rate, the way wrk2 drives it: request i is due at start + i / rate
// whatever happened to the ones before, and its latency runs from that due time, not from when a
// free connection let it go out, so a stall is charged to every request it held back (coordinated
// omission). autocannon's `overallRate` cannot do this: each connection sends its share of the
// second back to back as soon as the second begins and then waits, so it measures bursts at full
// speed, not a steady rate. `p99Raw` runs from when the request was handed to the client instead.
export async function rateRun(
  target: Target & { rate: number; seconds: number; connections: number },
): Promise<LoadResult & { p99Raw: number }> {
  const corrected = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const raw = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: target.connections, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const total = Math.round(target.rate * target.seconds);
  const intervalMs = 1000 / target.rate;
  const counts = { non2xx: 0, errors: 0, timeouts: 0, answered: 0 };
  const pending = new Set<Promise<void>>();
  const fire = (dueAt: number) => {
    const sentAt = performance.now();
    const p = pool
      .request({ path: url.pathname + url.search, method: target.method ?? 'GET', headers: target.headers, body: target.body })
      .then(async (res) => {
        await res.body.dump();
        const end = performance.now();
        counts.answered++;
        if (res.statusCode < 200 || res.statusCode >= 300) counts.non2xx++;
        corrected.recordValue(Math.max(1, Math.round((end - dueAt) * 1000)));
        raw.recordValue(Math.max(1, Math.round((end - sentAt) * 1000)));
      })
      .catch((err: { code?: string }) => {
        if (err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') counts.timeouts++;
        else counts.errors++;
      })
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const start = performance.now();
  let issued = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (issued < due) fire(start + issued++ * intervalMs);
      if (issued < total) setTimeout(pump, 1);
      else resolve();
    };
    pump();
  });
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  await pool.close();
  const ms = (us: number) => us / 1000;
  return {
    rps: counts.answered / elapsedS,
    p50: ms(corrected.getValueAtPercentile(50)),
    p99: ms(corrected.getValueAtPercentile(99)),
    p99Raw: ms(raw.getValueAtPercentile(99)),
    max: ms(corrected.maxValue),
    sent: issued,
    non2xx: counts.non2xx,
    errors: counts.errors,
    timeouts: counts.timeouts,
  };
}
