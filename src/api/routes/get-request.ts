import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { findRequestByReference, loadCaseView } from '../../cases/case-view.js';
import { normalizeReference } from '../../intake/reference.js';
import { canReadCase, caseAudienceOf, resolveCaller } from '../access.js';
import { problems } from '../problem.js';

export function registerGetRequest(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/requests/:reference', (c) => {
    const reference = normalizeReference(c.req.param('reference'));
    const request = reference ? findRequestByReference(deps.database.db, reference) : undefined;
    // A wrong token and an unknown reference look exactly the same, so a reference alone tells nothing.
    const caller = resolveCaller(deps.database.db, c);
    if (!request || !canReadCase(caller, request)) throw problems.notFound();
    c.header('cache-control', 'no-store');
    return c.json(
      loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request, { audience: caseAudienceOf(caller) }),
    );
  });
}
