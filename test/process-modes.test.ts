import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, startMockPlatform, startService, tempDir, waitFor, stoppedAfterAll, writePlatformsFile } from './support/process.js';
import { requestBody } from './support/services.js';

describe('MODE=web and MODE=worker as two processes on one file', () => {
  const open = stoppedAfterAll();

  it('takes requests in the web process and sends them from the worker process', { timeout: 60_000 }, async () => {
    const platform = await startMockPlatform({ delayMs: 10 });
    open.push(platform);
    const dir = tempDir('modes');
    const env = {
      DATABASE_PATH: join(dir, 'takedown.db'),
      PLATFORMS_FILE: writePlatformsFile(dir, [{ id: 'alpha', url: platform.url }]),
      WORKER_POLL_MS: '50',
      RATE_LIMIT_PER_MIN: '0',
    };
    const web = await startService({ ...env, MODE: 'web' });
    open.push(web);
    const filed: Array<{ reference: string; statusToken: string }> = [];
    for (let i = 0; i < 8; i++) {
      const r = await api(web.base, 'POST', '/api/v1/requests', { body: requestBody([`https://alpha.test/${i}`], { urgent: i === 7 }) });
      expect(r.status).toBe(201);
      filed.push(r.json);
    }
    // The web process alone sends nothing: the work waits in the file.
    for (const f of filed) {
      const v = await api(web.base, 'GET', `/api/v1/requests/${f.reference}`, { token: f.statusToken });
      expect(v.json.submissions[0]).toMatchObject({ status: 'queued', attempts: 0 });
    }
    expect(platform.calls).toHaveLength(0);

    // An hour between polls: what the worker sends, it sends because it noticed the web
    // process's commits, not because its poll came round.
    const worker = await startService({ ...env, MODE: 'worker', WORKER_POLL_MS: '3600000' });
    open.push(worker);
    const allSent = async (list: typeof filed) => {
      for (const f of list) {
        await waitFor(
          async () =>
            (await api(web.base, 'GET', `/api/v1/requests/${f.reference}`, { token: f.statusToken })).json.submissions[0].status ===
            'submitted',
          { timeoutMs: 20_000, what: `${f.reference} to show as sent in the web process` },
        );
      }
    };
    await allSent(filed);
    expect(platform.calls).toHaveLength(filed.length);

    // The worker is idle now; a request filed in the other process reaches it at once.
    const more = await api(web.base, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/later'], { urgent: true }) });
    expect(more.status).toBe(201);
    filed.push(more.json);
    await allSent([more.json]);
    expect(platform.calls).toHaveLength(filed.length);

    worker.signal('SIGTERM');
    web.signal('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await web.exited).toEqual({ code: 0, signal: null });
  });

  it('MODE=all answers on the main thread and sends from a worker thread of the same process', { timeout: 60_000 }, async () => {
    const platform = await startMockPlatform({ delayMs: 10 });
    open.push(platform);
    const dir = tempDir('all-thread');
    const svc = await startService({
      DATABASE_PATH: join(dir, 'takedown.db'),
      PLATFORMS_FILE: writePlatformsFile(dir, [{ id: 'alpha', url: platform.url }]),
      // An hour between polls: the urgent request goes out because intake woke the thread.
      WORKER_POLL_MS: '3600000',
      RATE_LIMIT_PER_MIN: '0',
    });
    open.push(svc);
    const r = await api(svc.base, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/now'], { urgent: true }) });
    expect(r.status).toBe(201);
    await waitFor(() => platform.calls.length === 1, { timeoutMs: 10_000, what: 'the urgent notice to reach the platform' });
    await waitFor(
      async () =>
        (await api(svc.base, 'GET', `/api/v1/requests/${r.json.reference}`, { token: r.json.statusToken })).json.submissions[0].status ===
        'submitted',
      { timeoutMs: 10_000, what: 'the send to be recorded' },
    );
    // Whole lines only: the worker thread's log reaches stdout through the main thread, so its
    // line may come a moment after the status already says submitted.
    const logLines = () =>
      svc
        .output()
        .split('\n')
        .slice(0, -1)
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; thread?: string });
    await waitFor(() => logLines().some((l) => l.msg === 'notice settled'), { timeoutMs: 10_000, what: 'the settle to be logged' });
    const lines = logLines();
    const settled = lines.filter((l) => l.msg === 'notice settled');
    expect(settled).toHaveLength(1);
    expect(settled[0]!.thread).toBe('worker');
    expect(lines.find((l) => l.msg === 'listening')!.thread).toBeUndefined();
    // The thread that sends yields the CPU to the one that answers, and the one that copies the
    // log into the file yields to both: niceness (field 19 of a thread's stat) 0 for the main
    // thread, 5 for the worker thread, 10 for the checkpoint thread.
    const pid = svc.child.pid!;
    const niceness = (tid: string) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const tids = readdirSync(`/proc/${pid}/task`);
    expect(niceness(String(pid))).toBe(0);
    expect(tids.filter((t) => niceness(t) === 5)).toHaveLength(1);
    expect(tids.filter((t) => niceness(t) === 10)).toHaveLength(1);

    svc.signal('SIGTERM');
    expect(await svc.exited).toEqual({ code: 0, signal: null });
    expect(svc.output()).toContain('"msg":"stopped"');
  });

  it("serves the pages from what `npm start` runs: each language's words and the assets the pages link", { timeout: 30_000 }, async () => {
    const svc = await startService({ DATABASE_PATH: join(tempDir('pages'), 'takedown.db') });
    open.push(svc);
    const asset = async (html: string, pattern: RegExp) => {
      const path = pattern.exec(html)?.[1];
      expect(path).toBeDefined();
      const res = await fetch(`${svc.base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/(css|javascript)/);
      expect((await res.text()).length).toBeGreaterThan(100);
    };
    const form = await fetch(`${svc.base}/`, { headers: { 'accept-language': 'nl-BE' } });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Vraag om beelden of berichten te verwijderen');
    await asset(html, /href="(\/assets\/site\.[0-9a-f]+\.css)"/);
    await asset(html, /src="(\/assets\/site\.[0-9a-f]+\.js)"/);
    const signIn = await (await fetch(`${svc.base}/admin/sign-in`)).text();
    await asset(signIn, /href="(\/admin\/assets\/admin\.[0-9a-f]+\.css)"/);
  });

  it('refuses to start on an invalid PLATFORMS_FILE with one clear line and exit code 1', { timeout: 30_000 }, async () => {
    const dir = tempDir('badfile');
    const file = join(dir, 'platforms.json');
    writeFileSync(file, JSON.stringify({ platforms: [{ id: 'x', name: 'X', domains: ['x.test'], channel: { type: 'http' } }] }));
    const started = startService({ DATABASE_PATH: join(dir, 'takedown.db'), PLATFORMS_FILE: file });
    await expect(started).rejects.toThrow(/exited at start/);
    const message = (await started.catch((e: Error) => e.message)) as string;
    expect(message).toContain(`takedown cannot start: PLATFORMS_FILE ${file} is invalid:`);
    expect(message).toContain('platforms.0.channel.url');
    expect(message).not.toMatch(/\n\s+at /);
  });
});
