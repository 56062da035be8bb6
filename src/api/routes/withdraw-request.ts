import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { findRequestByReference, loadCaseView } from '../../cases/case-view.js';
import { withdrawRequest } from '../../cases/withdraw-request.js';
import { normalizeReference } from '../../intake/reference.js';
import { actorOf, canWithdrawCase, caseAudienceOf, resolveCaller } from '../access.js';
import { problems } from '../problem.js';

export function registerWithdrawRequest(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/requests/:reference/withdraw', (c) => {
    const reference = normalizeReference(c.req.param('reference'));
    const request = reference ? findRequestByReference(deps.database.db, reference) : undefined;
    const caller = resolveCaller(deps.database.db, c);
    if (!request || !canWithdrawCase(caller, request)) throw problems.notFound();
    const outcome = withdrawRequest(deps.database.db, { requestId: request.id, actor: actorOf(caller), now: deps.clock.now() });
    if (outcome === 'closed') throw problems.conflict('This case is closed; there is nothing left to withdraw.');
    deps.logger.info({ requestId: request.id, outcome }, 'request withdrawn');
    c.header('cache-control', 'no-store');
    return c.json(
      loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request, { audience: caseAudienceOf(caller) }),
    );
  });
}
