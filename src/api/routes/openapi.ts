import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { buildOpenApiDocument } from '../openapi/document.js';

export const API_VERSION = '1.0.0';

export function registerOpenApi(app: Hono, _deps: AppDeps): void {
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(buildOpenApiDocument({ version: API_VERSION }));
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' });
  });
}
