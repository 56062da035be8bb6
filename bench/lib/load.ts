import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';

// autocannon, two ways. `connections`: closed-loop load, as many requests as N connections can get
// answered. `rate`: open-loop load at a fixed overall rate, whose latencies are corrected for
// coordinated omission (a stalled server would otherwise stop the clock on the requests it kept
// waiting), the way wrk2 and HdrHistogram do it.

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

export async function rateRun(
  target: Target & { rate: number; seconds: number; connections: number },
): Promise<LoadResult & { p99Raw: number }> {
  const corrected = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const raw = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  // Each connection is asked for rate/connections requests a second: that is the interval a
  // request that waited on a slow one was supposed to go out at.
  const expectedIntervalUs = Math.round((target.connections / target.rate) * 1e6);
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: target.url,
        method: target.method ?? 'GET',
        body: target.body,
        headers: target.headers,
        connections: target.connections,
        overallRate: target.rate,
        duration: target.seconds,
        timeout: 10,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    const us = Math.max(1, Math.round(responseTimeMs * 1000));
    raw.recordValue(us);
    corrected.recordValueWithExpectedInterval(us, expectedIntervalUs);
  });
  const r = await done;
  const ms = (us: number) => us / 1000;
  return {
    rps: r.requests.average,
    p50: ms(corrected.getValueAtPercentile(50)),
    p99: ms(corrected.getValueAtPercentile(99)),
    p99Raw: ms(raw.getValueAtPercentile(99)),
    max: ms(corrected.maxValue),
    sent: r.requests.sent,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
