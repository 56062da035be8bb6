import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { collectLinks, filingProblems, toRequestInput } from '../../intake/bulk-filing.js';
import { bulkFields, bulkFilingSchema } from '../../intake/bulk-schema.js';
import { claimedRoleError, misspeltFields } from '../../intake/request-schema.js';
import { sharedAbuseGuard } from '../../intake/abuse-guard.js';
import { createRequest, isKnownIdempotencyKey } from '../../intake/create-request.js';
import { sha256Hex } from '../../privacy/secrets.js';
import { canFileInBulk, requireApi, resolveCaller } from '../access.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';
import { BULK_BODY_BYTES } from './preview-bulk-request.js';

// One filing of up to 1,000 links with one explanation and one category; stored and routed like
// any request, owned by the organisation that filed it. All or nothing: one bad link, nothing stored.
export function registerCreateBulkRequest(app: Hono, deps: AppDeps): void {
  // The same allowance per key as single requests (and the organisation's web page) draw on.
  const guard = sharedAbuseGuard(deps, deps.config);
  app.post('/api/v1/bulk-requests', async (c) => {
    const caller = resolveCaller(deps.database.db, c);
    requireApi(caller, canFileInBulk);
    const body = await readJson(c, BULK_BODY_BYTES);
    const parsed = bulkFilingSchema.safeParse(body);
    const misspelt = misspeltFields(body, bulkFields);
    if (!parsed.success || misspelt.length) throw problems.validation([...misspelt, ...(parsed.success ? [] : fieldErrors(parsed.error))]);
    const links = collectLinks(parsed.data);
    const errors = filingProblems(links);
    if (errors.length) throw problems.validation(errors);
    const input = toRequestInput(caller.account, parsed.data, links.urls);
    const roleError = claimedRoleError(input, caller.account.role);
    if (roleError) throw problems.validation([roleError]);

    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw problems.validation([{ path: 'header:Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const idempotency =
      key === undefined
        ? undefined
        : { keyHash: sha256Hex(`bulk:account:${caller.account.id}\n${key}`), bodyHash: sha256Hex(JSON.stringify(input)) };
    const now = deps.clock.now();
    // A retry of a filing already answered is never refused: its stored answer holds the status token.
    if (!(idempotency && isKnownIdempotencyKey(deps.database.db, idempotency.keyHash, now))) {
      await guard.admit({ source: { kind: 'account', accountId: caller.account.id }, urlCount: input.urls.length });
    }
    const outcome = createRequest(
      { db: deps.database.db, keyring: deps.keyring, registry: deps.registry, router: deps.router, now },
      input,
      { accountId: caller.account.id, idempotency },
    );
    if (outcome.kind === 'idempotency_conflict') throw problems.idempotencyConflict();
    if (outcome.kind === 'replayed') {
      return c.json(outcome.response, 201, { 'idempotent-replayed': 'true', location: `/api/v1/requests/${outcome.response.reference}` });
    }
    if (outcome.urgent) deps.wake.notify('urgent');
    deps.logger.info(
      { requestId: outcome.requestId, urgent: outcome.urgent, links: input.urls.length, submissions: outcome.response.submissions.length },
      'bulk request created',
    );
    return c.json(outcome.response, 201, { location: `/api/v1/requests/${outcome.response.reference}` });
  });
}
