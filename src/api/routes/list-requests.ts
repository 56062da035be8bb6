import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { requestStatuses } from '../../cases/event-types.js';
import { decodeCursor, listRequests } from '../../cases/list-requests.js';
import { isStaff, resolveCaller } from '../access.js';
import { fieldErrors, problems } from '../problem.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuerySchema = z.object({
  status: z.enum(requestStatuses).optional(),
  urgent: flag.optional(),
  platform: z.string().min(1).max(300).optional(),
  overdue: flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(500)
    .refine((s) => decodeCursor(s) !== null, 'is not a cursor this service gave out')
    .optional(),
});

export function registerListRequests(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/requests', (c) => {
    const caller = resolveCaller(deps.database.db, c);
    if (caller.kind !== 'account') throw problems.unauthorized('Listing cases takes a caseworker or organisation key.');
    const parsed = listQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    // Organisations see their own cases and nothing else.
    const accountId = isStaff(caller) ? undefined : caller.account.id;
    c.header('cache-control', 'no-store');
    return c.json(listRequests(deps.database.db, { ...parsed.data, accountId }));
  });
}
