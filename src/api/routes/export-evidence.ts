import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { findRequestByReference } from '../../cases/case-view.js';
import { buildEvidence } from '../../cases/evidence.js';
import { normalizeReference } from '../../intake/reference.js';
import { actorOf, canWorkCase, resolveCaller } from '../access.js';
import { problems } from '../problem.js';

// The evidence record of one case for caseworkers' own systems: every notice as sent, with its
// times and answers. Anyone else gets the 404 a missing case gets. Each export is in the audit log.
export function registerExportEvidence(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/requests/:reference/evidence', (c) => {
    const caller = resolveCaller(deps.database.db, c);
    const reference = normalizeReference(c.req.param('reference'));
    const request = reference ? findRequestByReference(deps.database.db, reference) : undefined;
    if (!request || !canWorkCase(caller)) throw problems.notFound();
    c.header('cache-control', 'no-store');
    return c.json(
      buildEvidence(
        { db: deps.database.db, registry: deps.registry, keyring: deps.keyring },
        { request, actor: actorOf(caller), now: deps.clock.now() },
      ),
    );
  });
}
