import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { ApiReferencePage } from '../../web/docs/api-reference-page.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { API_VERSION } from './openapi.js';

export function registerDocs(app: Hono, _deps: AppDeps): void {
  let page: string | undefined;
  app.get('/docs', (c) => {
    page ??= '<!doctype html>' + String(<ApiReferencePage doc={buildOpenApiDocument({ version: API_VERSION })} />);
    return c.html(page);
  });
}
