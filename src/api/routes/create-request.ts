import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { sharedAbuseGuard } from '../../intake/abuse-guard.js';
import { isKnownIdempotencyKey, prepareRequest } from '../../intake/create-request.js';
import {
  claimedRoleError,
  createRequestSchema,
  MAX_URLS_ANONYMOUS,
  MAX_URLS_WITH_KEY,
  misspeltFields,
} from '../../intake/request-schema.js';
import { sha256Hex } from '../../privacy/secrets.js';
import { resolveCaller } from '../access.js';
import { clientAddress } from '../client-address.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';

export const MAX_BODY_BYTES = 64 * 1024;

export function registerCreateRequest(app: Hono, deps: AppDeps): void {
  const guard = sharedAbuseGuard(deps, deps.config);
  app.post('/api/v1/requests', async (c) => {
    const caller = resolveCaller(deps.database.db, c);
    if (caller.kind === 'invalid_key') throw problems.unauthorized('The API key is not valid, or it was revoked.');
    if (caller.kind === 'token') throw problems.unauthorized('Filing a request takes no Authorization header, or an API key.');
    const account = caller.kind === 'account' ? caller.account : null;

    const body = await readJson(c, MAX_BODY_BYTES);
    const parsed = createRequestSchema.safeParse(body);
    const misspelt = misspeltFields(body);
    if (!parsed.success || misspelt.length) throw problems.validation([...misspelt, ...(parsed.success ? [] : fieldErrors(parsed.error))]);
    const input = parsed.data;
    const roleError = claimedRoleError(input, account?.role ?? null);
    if (roleError) throw problems.validation([roleError]);
    const maxUrls = account ? MAX_URLS_WITH_KEY : MAX_URLS_ANONYMOUS;
    if (input.urls.length > maxUrls) {
      throw problems.validation([
        { path: '/urls', message: `at most ${maxUrls} links in one request${account ? '' : ' (up to 1,000 with an organisation key)'}` },
      ]);
    }

    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw problems.validation([{ path: 'header:Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const scope = account ? `account:${account.id}` : 'anonymous';
    const idempotency =
      key === undefined ? undefined : { keyHash: sha256Hex(`${scope}\n${key}`), bodyHash: sha256Hex(JSON.stringify(input)) };
    const now = deps.clock.now();
    // A retry of a request already answered is never refused: its stored answer holds the only
    // copy of the status token.
    const { reviewReason } =
      idempotency && isKnownIdempotencyKey(deps.database.db, idempotency.keyHash, now)
        ? { reviewReason: null }
        : await guard.admit({
            source: account ? { kind: 'account', accountId: account.id } : { kind: 'address', address: clientAddress(c, deps.config) },
            urlCount: input.urls.length,
          });

    // Requests that arrive together share one commit; the 201 still waits for it.
    const outcome = await deps.database.commits.run(
      prepareRequest({ db: deps.database.db, keyring: deps.keyring, registry: deps.registry, router: deps.router, now }, input, {
        accountId: account?.id ?? null,
        reviewReason,
        organisation: account?.role === 'organisation' ? { name: account.name } : null,
        idempotency,
      }),
    );
    if (outcome.kind === 'idempotency_conflict') throw problems.idempotencyConflict();
    if (outcome.kind === 'replayed') {
      return c.json(outcome.response, 201, { 'idempotent-replayed': 'true', location: `/api/v1/requests/${outcome.response.reference}` });
    }
    if (outcome.urgent) deps.wake.notify('urgent');
    deps.logger.info(
      { requestId: outcome.requestId, urgent: outcome.urgent, submissions: outcome.response.submissions.length },
      'request created',
    );
    return c.json(outcome.response, 201, { location: `/api/v1/requests/${outcome.response.reference}` });
  });
}
