import { describe, expect, it } from 'vitest';
import { openApiPath } from '../src/api/openapi/document.js';
import { call, createTestServices } from './support/services.js';

// Everything a program talks to: the JSON API and the operations endpoints. The rest are HTML pages.
const isApiRoute = (path: string) => path.startsWith('/api/') || ['/healthz', '/metrics', '/openapi.json'].includes(path);

function collectRefs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) k === '$ref' && typeof v === 'string' ? into.push(v) : collectRefs(v, into);
  return into;
}

describe('GET /openapi.json', () => {
  it('describes every API route the app registers, and nothing it does not', async () => {
    const s = createTestServices();
    const doc = (await call(s.app, 'GET', '/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    const registered = new Set(
      s.app.routes.filter((r) => r.method !== 'ALL' && isApiRoute(r.path)).map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`)));
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((d) => !registered.has(d))).toEqual([]);
    expect(registered.size).toBeGreaterThan(10);
  });

  it('describes the request body with the schema that validates it', async () => {
    const s = createTestServices();
    const doc = (await call(s.app, 'GET', '/openapi.json')).json;
    const body = doc.paths['/api/v1/requests'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['category', 'urls', 'goodFaith']));
    expect(body.properties.urls.maxItems).toBe(1000);
    expect(body.properties.category.enum).toContain('child_photo_misuse');
    expect(body.properties.urgent.default).toBe(false);
    const query = doc.paths['/api/v1/requests'].get.parameters.map((p: any) => p.name);
    expect(query).toEqual(['status', 'urgent', 'platform', 'overdue', 'limit', 'cursor']);
  });

  it('has every $ref resolve inside the document', async () => {
    const s = createTestServices();
    const doc = (await call(s.app, 'GET', '/openapi.json')).json;
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('is a readable page listing every operation, with no script and nothing from elsewhere', async () => {
    const s = createTestServices();
    const res = await call(s.app, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('/api/v1/bulk-requests/preview');
    expect(res.text).toContain('goodFaith');
    expect(res.text).not.toMatch(/<script|<link|<img|(src|href|action)="(https?:)?\/\//);
  });
});
