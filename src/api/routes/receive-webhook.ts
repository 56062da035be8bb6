import { and, eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { applyConfirmation } from '../../confirm/apply-confirmation.js';
import { submissions, webhookReceipts } from '../../db/schema.js';
import { fieldErrors, problems } from '../problem.js';
import { readBoundedText } from '../read-json.js';

const MAX_WEBHOOK_BYTES = 16 * 1024;

export const webhookBodySchema = z.object({
  noticeId: z.string().min(1).max(200),
  status: z.enum(['acknowledged', 'removed', 'rejected']),
  url: z.string().max(2048).optional(),
  reason: z.string().max(2000).optional(),
});

// Confirmations from platforms, signed per Standard Webhooks with the platform's secret. The
// signature is checked on the raw bytes before anything is parsed or looked up.
export function registerReceiveWebhook(app: Hono, deps: AppDeps): void {
  const verifiers = new Map<string, Webhook>();
  app.post('/api/v1/webhooks/:platformId', async (c) => {
    const platformId = c.req.param('platformId');
    const secret = deps.registry.get(platformId)?.webhookSecret;
    const raw = await readBoundedText(c, MAX_WEBHOOK_BYTES);
    if (!secret) throw problems.unauthorized('This platform has no webhook secret configured.');
    let verifier = verifiers.get(platformId);
    if (!verifier) {
      verifier = new Webhook(secret);
      verifiers.set(platformId, verifier);
    }
    const headers = {
      'webhook-id': c.req.header('webhook-id') ?? '',
      'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
      'webhook-signature': c.req.header('webhook-signature') ?? '',
    };
    try {
      verifier.verify(raw, headers, { jsonParse: false });
    } catch (err) {
      if (err instanceof WebhookVerificationError) throw problems.unauthorized(`Webhook signature refused: ${err.message}.`);
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw problems.malformedJson();
    }
    const parsed = webhookBodySchema.safeParse(json);
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const body = parsed.data;
    const now = deps.clock.now();

    const result = deps.database.db.transaction(
      (tx) => {
        const seen = tx
          .select({ at: webhookReceipts.receivedAt })
          .from(webhookReceipts)
          .where(and(eq(webhookReceipts.platformId, platformId), eq(webhookReceipts.webhookId, headers['webhook-id'])))
          .get();
        if (seen) return 'replayed' as const;
        const submission = tx.select().from(submissions).where(eq(submissions.noticeId, body.noticeId)).get();
        if (!submission || submission.platformId !== platformId) return 'unknown_notice' as const;
        const confirmation =
          body.status === 'removed'
            ? { status: 'removed' as const, urls: body.url === undefined ? undefined : [body.url] }
            : body.status === 'rejected'
              ? { status: 'rejected' as const, reason: body.reason }
              : { status: 'acknowledged' as const, detail: body.reason };
        const applied = applyConfirmation(tx, { submission, confirmation, actor: `platform:${platformId}`, now });
        if (applied !== 'unknown_url')
          tx.insert(webhookReceipts).values({ platformId, webhookId: headers['webhook-id'], receivedAt: now }).run();
        return applied;
      },
      { behavior: 'immediate' },
    );
    if (result === 'unknown_notice') throw problems.notFound('No notice with this noticeId was sent to this platform.');
    if (result === 'unknown_url') throw problems.validation([{ path: '/url', message: 'is not one of the links in this notice' }]);
    deps.logger.info({ platform: platformId, result }, 'webhook received');
    return c.body(null, 204);
  });
}
