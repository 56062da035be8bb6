import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './app-deps.js';
import { problemResponse, problems, toProblem } from './api/problem.js';
import { registerCreateAccount } from './api/routes/create-account.js';
import { registerDisableAccount } from './api/routes/disable-account.js';
import { registerListAccounts } from './api/routes/list-accounts.js';
import { registerRevokeAccountKey } from './api/routes/revoke-account-key.js';
import { registerRotateAccountKey } from './api/routes/rotate-account-key.js';
import { registerSetAccountPassword } from './api/routes/set-account-password.js';
import { registerCreateBulkRequest } from './api/routes/create-bulk-request.js';
import { registerPreviewBulkRequest } from './api/routes/preview-bulk-request.js';
import { registerDocs } from './api/routes/docs.js';
import { registerExportEvidence } from './api/routes/export-evidence.js';
import { registerOpenApi } from './api/routes/openapi.js';
import { registerCreateRequest } from './api/routes/create-request.js';
import { registerGetRequest } from './api/routes/get-request.js';
import { registerHealth } from './api/routes/health.js';
import { registerListPlatforms } from './api/routes/list-platforms.js';
import { registerListRequests } from './api/routes/list-requests.js';
import { registerMetrics } from './api/routes/metrics.js';
import { registerPlatformStats } from './api/routes/platform-stats.js';
import { registerReceiveWebhook } from './api/routes/receive-webhook.js';
import { registerRecordOutcome } from './api/routes/record-outcome.js';
import { registerWithdrawRequest } from './api/routes/withdraw-request.js';
import { registerDashboard } from './web/admin/register-dashboard.js';
import { registerWebPages } from './web/register-pages.js';

export type { AppDeps };

// Builds the HTTP application from its dependencies; no I/O happens here, so tests build one per
// case on an in-memory database.
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Defaults for every response; a route that sets its own (the pages' pageHeaders: a stricter
  // X-Frame-Options, a same-origin Referrer-Policy) keeps them rather than having them replaced.
  app.use(secureHeaders({ referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin', overwrite: false }));

  registerHealth(app, deps);
  registerMetrics(app, deps);
  registerListPlatforms(app, deps);
  registerCreateRequest(app, deps);
  registerListRequests(app, deps);
  registerGetRequest(app, deps);
  registerWithdrawRequest(app, deps);
  registerReceiveWebhook(app, deps);
  registerRecordOutcome(app, deps);
  registerPlatformStats(app, deps);
  registerExportEvidence(app, deps);
  registerOpenApi(app, deps);
  registerDocs(app, deps);
  registerPreviewBulkRequest(app, deps);
  registerCreateBulkRequest(app, deps);
  registerListAccounts(app, deps);
  registerCreateAccount(app, deps);
  registerRotateAccountKey(app, deps);
  registerRevokeAccountKey(app, deps);
  registerSetAccountPassword(app, deps);
  registerDisableAccount(app, deps);
  registerDashboard(app, deps);
  const pages = registerWebPages(app, deps);

  app.notFound(async (c) => (await pages.notFound(c)) ?? problemResponse(c, problems.notFound('No such endpoint.')));
  app.onError((err, c) => {
    const problem = toProblem(err);
    if (problem) return problemResponse(c, problem);
    if (isDatabaseFull(err)) return problemResponse(c, problems.unavailable('The service cannot store new requests right now.', 30));
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return problemResponse(c, problems.internal());
  });
  return app;
}

function isDatabaseFull(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code === 'SQLITE_FULL' || code === 'SQLITE_READONLY' || code === 'SQLITE_BUSY' || code.startsWith('SQLITE_IOERR');
}
