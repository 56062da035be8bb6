import { Agent, interceptors, type Dispatcher } from 'undici';
import type { FetchLike, FetchResponse } from '../../platforms/types.js';

export interface OutboundHttp {
  fetch: FetchLike;
  close(): Promise<void>;
}

// fetch's own limit on redirects followed.
const MAX_REDIRECTS = 20;
// A platform answers a notice with a ticket id or a short error; what it sends past this is
// dropped (and the connection with it) rather than held in memory.
const DEFAULT_MAX_ANSWER_BYTES = 1_048_576;

const decoder = new TextDecoder();

// Production's client for talking to platforms: fetch-shaped, so adapters stay what they are (tests
// hand them globalThis.fetch, which msw intercepts), but built on undici's `request` with our own
// Agent. undici's fetch builds a WHATWG Request, Headers and a web stream for every call and
// every answer: measured in the dispatch benchmark, that was 40 % of a notice's CPU. Answers are
// read whole (up to `maxAnswerBytes`) before the caller sees them.
export function createOutboundHttp(
  options: { connectTimeoutMs?: number; headersTimeoutMs?: number; bodyTimeoutMs?: number; maxAnswerBytes?: number } = {},
): OutboundHttp {
  const agent = new Agent({
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    headersTimeout: options.headersTimeoutMs ?? 15_000,
    bodyTimeout: options.bodyTimeoutMs ?? 15_000,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
  });
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;

  const fetch: FetchLike = async (input, init = {}) => {
    const url = new URL(String(input));
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers);
    const body = requestBody(init.body, headers);
    let answer: Dispatcher.ResponseData;
    try {
      answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal,
        // undici's redirect handler takes this per request: 0 hands a 3xx back as it came.
        maxRedirections: init.redirect === 'manual' || init.redirect === 'error' ? 0 : MAX_REDIRECTS,
      } as Dispatcher.RequestOptions);
    } catch (err) {
      throw fetchError(err, signal);
    }
    if (init.redirect === 'error' && answer.statusCode >= 300 && answer.statusCode < 400 && answer.headers.location) {
      await answer.body.dump();
      throw new TypeError('fetch failed', { cause: new Error(`redirect refused (${answer.statusCode})`) });
    }
    let bytes: Uint8Array;
    try {
      bytes = await readCapped(answer.body, maxAnswerBytes);
    } catch (err) {
      throw fetchError(err, signal);
    }
    return new OutboundResponse(answer.statusCode, new AnswerHeaders(answer.headers), bytes);
  };

  return { fetch, close: () => agent.close() };
}

class OutboundResponse implements FetchResponse {
  readonly ok: boolean;
  constructor(
    readonly status: number,
    readonly headers: AnswerHeaders,
    private readonly bytes: Uint8Array,
  ) {
    this.ok = status >= 200 && status <= 299;
  }
  async text(): Promise<string> {
    return decoder.decode(this.bytes);
  }
  async json(): Promise<unknown> {
    return JSON.parse(decoder.decode(this.bytes));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.slice().buffer as ArrayBuffer;
  }
}

// What callers read of an answer's headers, over undici's lower-cased record (repeated headers
// are joined as Headers joins them).
class AnswerHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  forEach(callback: (value: string, key: string, parent: Headers) => void): void {
    for (const key of Object.keys(this.raw).sort()) {
      const value = this.get(key);
      if (value !== null) callback(value, key, this as unknown as Headers);
    }
  }
}

function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [k, v] of init instanceof Headers ? init.entries() : init) out[k!.toLowerCase()] = v!;
    return out;
  }
  for (const [k, v] of Object.entries(init)) out[k.toLowerCase()] = v;
  return out;
}

// Every caller sends text (JSON, form fields); a string gets the content type fetch would give it.
function requestBody(body: RequestInit['body'], headers: Record<string, string>): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return body;
  }
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (body instanceof Uint8Array) return body;
  throw new TypeError('the outbound client sends strings, URLSearchParams or bytes');
}

async function readCapped(stream: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      size += room;
      // Closes the connection instead of reading the rest; undici reports that as an abort.
      stream.on('error', () => {});
      stream.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

// As fetch reports them: the abort's own reason when the caller's signal fired, a TypeError with
// the network error as its cause otherwise (what classifyThrown and the other callers expect).
function fetchError(err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (err instanceof TypeError) return err;
  return new TypeError('fetch failed', { cause: err });
}
