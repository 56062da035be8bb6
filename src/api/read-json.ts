import type { Context } from 'hono';
import { problems } from './problem.js';

// Past this, a too-large body is not read to the end: the connection is closed instead.
const DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;

// Reads the body up to `maxBytes`. A larger body is still read (and thrown away) up to a bound, so
// the client gets to see the 413 instead of a connection reset in the middle of its upload.
export async function readBoundedText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > DRAIN_LIMIT_BYTES) throw problems.tooLarge(maxBytes);
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > DRAIN_LIMIT_BYTES) {
      await reader.cancel();
      break;
    }
    if (total <= maxBytes) chunks.push(value);
  }
  if (total > maxBytes) throw problems.tooLarge(maxBytes);
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
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
