import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { problems } from './problem.js';

// Past this, a too-large body is not read to the end: the connection is closed instead.
const DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;

// Reads the body up to `maxBytes`. A larger body is still read (and thrown away) up to a bound, so
// the client gets to see the 413 instead of a connection reset in the middle of its upload.
export async function readBoundedText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > DRAIN_LIMIT_BYTES) throw problems.tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Under @hono/node-server the body is read from Node's own stream: building the web Request and
  // its ReadableStream just to read a few hundred bytes was a tenth of intake's time. Elsewhere
  // (app.request() in tests) the web body is all there is.
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  const source: AsyncIterable<Uint8Array> | null =
    incoming instanceof Readable ? incoming : c.req.raw.body ? webChunks(c.req.raw.body.getReader()) : null;
  if (!source) return '';
  for await (const value of source) {
    total += value.byteLength;
    // Leaving the loop stops the stream (a web reader is cancelled, a Node stream destroyed).
    if (total > DRAIN_LIMIT_BYTES) break;
    if (total <= maxBytes) chunks.push(value);
  }
  if (total > maxBytes) throw problems.tooLarge(maxBytes);
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

async function* webChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export async function readJson(c: Context, maxBytes: number): Promise<unknown> {
  const type = c.req.header('content-type');
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw problems.unsupportedMediaType();
  const text = await readBoundedText(c, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw problems.malformedJson();
  }
}
