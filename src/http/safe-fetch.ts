import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../platforms/types.js';
import { systemResolver, type ResolvedAddress, type Resolver } from './resolver.js';
import { assertAllowedUrl, classifyAddress, isIpLiteral, SsrfError, type AddressPolicy } from './ssrf-guard.js';

// The one client for fetching addresses that come from outside (reported URLs, RDAP servers named
// by bootstrap files and their redirects). Every hop is checked before it is sent: the URL (scheme,
// credentials, IP literals, which the WHATWG parser has already normalised from decimal, octal and
// hex forms), then every address its name resolves to. The connection itself resolves through the
// same checked lookup, so a name that changes its answer between the check and the connect
// (DNS rebinding) is refused there too. No cookies are kept or sent, redirects are followed by hand,
// and time and size are bounded.

export const SAFE_FETCH_USER_AGENT = 'takedown-checker/1.0 (+abuse-notice verification; no content is stored)';

export interface SafeFetchOptions extends AddressPolicy {
  resolver?: Resolver;
  /** The whole exchange, redirects and body included. */
  timeoutMs?: number;
  /** Largest body read through `fetch`; more is an error. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /**
   * What sends each single hop. Production leaves it out (undici with the checked lookup); tests
   * pass globalThis.fetch so msw answers, and the checks before each hop still run.
   */
  transport?: Transport;
}

/** One hop as the safe client sends it: it reads the answer's stream itself, to cap its size. */
export type Transport = (input: string, init: RequestInit) => Promise<Response>;

export interface SafeResult {
  status: number;
  headers: Headers;
  /** The address that answered last, after redirects. */
  url: string;
  /** At most `maxBytes` of the body. */
  body: Uint8Array;
  truncated: boolean;
  redirects: number;
}

export interface SafeHttp {
  /** The resolver the checks use; the host route resolves hosts with it too. */
  resolver: Resolver;
  /** Fetch-shaped, for code that takes a FetchLike (the RDAP client); bodies over the limit fail. */
  fetch: FetchLike;
  /** Reads at most `maxBytes` of the body and drops the rest without downloading it. */
  request(
    url: string,
    init?: { method?: 'GET' | 'HEAD'; headers?: Record<string, string>; maxBytes?: number; signal?: AbortSignal },
  ): Promise<SafeResult>;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
// Headers that must never leave with a request to a URL we did not choose.
const STRIPPED = ['cookie', 'authorization', 'proxy-authorization'];

export function createSafeHttp(options: SafeFetchOptions = {}): SafeHttp {
  const resolver = options.resolver ?? systemResolver;
  const policy: AddressPolicy = { allowLoopback: options.allowLoopback };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 1_048_576;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? SAFE_FETCH_USER_AGENT;

  let agent: Agent | undefined;
  let transport = options.transport;
  if (!transport) {
    agent = new Agent({
      connect: { timeout: timeoutMs, lookup: checkedLookup(resolver, policy) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 4_000,
      connections: 8,
    });
    const dispatcher = agent;
    transport = ((input: string, init: RequestInit) =>
      undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as Transport;
  }
  const send = transport;

  async function checkHost(url: URL, signal: AbortSignal): Promise<void> {
    assertAllowedUrl(url, policy);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIpLiteral(host)) return;
    const addresses = await resolver(host, { signal });
    assertAllAllowed(addresses, policy);
  }

  // Follows redirects one hop at a time, checking each before it is sent.
  async function follow(
    start: string | URL,
    init: { method: string; headers: Headers; signal: AbortSignal },
  ): Promise<{ response: Response; url: URL; redirects: number }> {
    let url = new URL(String(start));
    for (let redirects = 0; ; redirects++) {
      await checkHost(url, init.signal);
      const response = await send(url.href, {
        method: init.method,
        headers: init.headers,
        redirect: 'manual',
        signal: init.signal,
        credentials: 'omit',
      });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) return { response, url, redirects };
      await response.body?.cancel().catch(() => undefined);
      if (redirects >= maxRedirects) throw new SsrfError(`more than ${maxRedirects} redirects`);
      url = new URL(location, url);
    }
  }

  function prepare(init: RequestInit | undefined) {
    const headers = new Headers(init?.headers);
    for (const h of STRIPPED) headers.delete(h);
    headers.set('user-agent', userAgent);
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (init?.signal) signals.push(init.signal);
    return { headers, signal: AbortSignal.any(signals) };
  }

  // A POST (an alert to a webhook) goes to the one address it was given: its host is checked like
  // any other, and a redirect is refused rather than followed, since following would resend the
  // body somewhere nobody configured.
  async function postOnce(url: URL, init: { headers: Headers; body: RequestInit['body']; signal: AbortSignal }): Promise<Response> {
    await checkHost(url, init.signal);
    const response = await send(url.href, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      signal: init.signal,
      credentials: 'omit',
    });
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      throw new SsrfError(`redirect refused for a POST (${response.status})`);
    }
    return response;
  }

  const fetch: FetchLike = async (input, init) => {
    const href = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'POST') {
      const { headers, signal } = prepare(init);
      const response = await postOnce(new URL(href), { headers, body: init?.body, signal });
      const body = NULL_BODY.has(response.status) || !response.body ? null : limitStream(response.body, maxBytes);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    if (method !== 'GET' && method !== 'HEAD') throw new SsrfError(`method refused (${method})`);
    const { headers, signal } = prepare(init);
    const { response } = await follow(href, { method, headers, signal });
    const body = NULL_BODY.has(response.status) || !response.body ? null : limitStream(response.body, maxBytes);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  return {
    resolver,
    fetch,
    async request(url, init = {}) {
      const method = init.method ?? 'GET';
      const { headers, signal } = prepare({ headers: init.headers, signal: init.signal });
      const { response, url: final, redirects } = await follow(url, { method, headers, signal });
      const { body, truncated } = await readAtMost(response, init.maxBytes ?? maxBytes);
      return { status: response.status, headers: response.headers, url: final.href, body, truncated, redirects };
    },
    close: async () => {
      await agent?.close();
    },
  };
}

function assertAllAllowed(addresses: ResolvedAddress[], policy: AddressPolicy): void {
  if (addresses.length === 0) throw new SsrfError('the name has no addresses');
  // One refused address refuses the name: which one the connection picks is not ours to know.
  for (const a of addresses) {
    const verdict = classifyAddress(a.address, policy);
    if (!verdict.allowed) throw new SsrfError(`the name resolves to a refused address (${verdict.range})`);
  }
}

/** The lookup the connection uses: the resolver, then the same checks, so what is checked is what is dialled. */
export function checkedLookup(resolver: Resolver, policy: AddressPolicy): LookupFunction {
  return ((hostname: string, opts: { family?: number | string; all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver(hostname)
      .then((found) => {
        assertAllAllowed(found, policy);
        const family = opts?.family === 'IPv4' ? 4 : opts?.family === 'IPv6' ? 6 : Number(opts?.family) || 0;
        const usable = family ? found.filter((a) => a.family === family) : found;
        if (usable.length === 0) throw Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' });
        if (opts?.all)
          callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((err: unknown) => callback(err));
  }) as LookupFunction;
}

function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new SsrfError(`response larger than ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

async function readAtMost(response: Response, maxBytes: number): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (!response.body) return { body: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    if (truncated) await reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return { body, truncated };
}
