import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { findRequestByReference, loadCaseView } from '../../cases/case-view.js';
import { outcomeSchema, recordOutcome } from '../../confirm/record-outcome.js';
import { normalizeReference } from '../../intake/reference.js';
import { actorOf, isStaff, resolveCaller } from '../access.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';

const MAX_BODY_BYTES = 64 * 1024;

// Caseworkers record what they learned outside the API: a web form filed by hand, or a platform's
// answer. Anyone else gets the same 404 as for a case that does not exist.
export function registerRecordOutcome(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/requests/:reference/submissions/:submissionId/outcome', async (c) => {
    const caller = resolveCaller(deps.database.db, c);
    const reference = normalizeReference(c.req.param('reference'));
    const request = reference ? findRequestByReference(deps.database.db, reference) : undefined;
    if (!request || !isStaff(caller)) throw problems.notFound();
    const parsed = outcomeSchema.safeParse(await readJson(c, MAX_BODY_BYTES));
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const result = recordOutcome(deps.database.db, {
      requestId: request.id,
      submissionId: c.req.param('submissionId'),
      input: parsed.data,
      actor: actorOf(caller),
      now: deps.clock.now(),
    });
    if (result.kind === 'not_found') throw problems.notFound('This case has no such submission.');
    if (result.kind === 'conflict') throw problems.conflict(result.detail);
    if (result.kind === 'unknown_url') throw problems.validation([{ path: '/urls', message: 'not all of these are links of this notice' }]);
    deps.logger.info({ requestId: request.id, outcome: parsed.data.outcome, result: result.kind }, 'caseworker outcome');
    c.header('cache-control', 'no-store');
    return c.json(loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request));
  });
}
