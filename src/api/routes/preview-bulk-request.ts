import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { collectLinks, filingIsUrgent } from '../../intake/bulk-filing.js';
import { bulkFields, bulkFilingSchema, type RoutingPreview } from '../../intake/bulk-schema.js';
import { misspeltFields } from '../../intake/request-schema.js';
import { previewRouting } from '../../routing/preview-routing.js';
import { canFileInBulk, requireApi, resolveCaller } from '../access.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';

export const BULK_BODY_BYTES = 3 * 1024 * 1024;

// Shows how a filing will be routed (per platform, and which need a person at a web form) before
// anything is stored or sent.
export function registerPreviewBulkRequest(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/bulk-requests/preview', async (c) => {
    const caller = resolveCaller(deps.database.db, c);
    requireApi(caller, canFileInBulk);
    const body = await readJson(c, BULK_BODY_BYTES);
    const parsed = bulkFilingSchema.safeParse(body);
    const misspelt = misspeltFields(body, bulkFields);
    if (!parsed.success || misspelt.length) throw problems.validation([...misspelt, ...(parsed.success ? [] : fieldErrors(parsed.error))]);
    const links = collectLinks(parsed.data);
    const preview: RoutingPreview = {
      urls: links.urls,
      invalid: links.invalid,
      duplicates: links.duplicates,
      urgent: filingIsUrgent(parsed.data),
      groups: previewRouting(deps, links.urls),
    };
    c.header('cache-control', 'no-store');
    return c.json(preview);
  });
}
