import type { Context } from 'hono';
import { problems } from './problem.js';

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw problems.unsupportedMediaType();
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw problems.malformedJson();
  }
}
