import { z } from 'zod';
import { categories } from '../../../platforms/types.js';
import { contractEventTypes, eventTypes, requestStatuses, submissionStatuses } from '../../cases/event-types.js';

// The shapes the API answers with (shared/CONTRACT.md), for /openapi.json. Requests are described
// by the very schemas that validate them; these describe what comes back.

const isoTime = z.string().describe('ISO-8601');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string().describe('JSON Pointer into the body'), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const createdRequestSchema = z
  .object({
    reference: z.string().describe('TD-XXXX-XXXX'),
    statusToken: z.string().describe('shown once, never again'),
    urgent: z.boolean(),
    status: z.enum(requestStatuses),
    submissions: z.array(
      z.object({
        id: z.string(),
        platform: z.string(),
        channel: z.string(),
        status: z.enum(submissionStatuses),
        urls: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CreatedRequest' });

const manualTaskSchema = z.object({
  formUrl: z.string().nullable(),
  text: z.string(),
  checklist: z.array(z.string()),
  caseworkerFields: z.array(z.enum(['ticketId', 'outcome', 'note'])),
});

export const caseViewSchema = z
  .object({
    reference: z.string(),
    category: z.enum(categories),
    urgent: z.boolean(),
    status: z.enum(requestStatuses),
    createdAt: isoTime,
    updatedAt: isoTime,
    items: z.array(z.object({ url: z.string(), platform: z.string(), status: z.enum(['reported', 'removed', 'online']) })),
    submissions: z.array(
      z.object({
        id: z.string(),
        platform: z.string(),
        platformName: z.string(),
        channel: z.string(),
        status: z.enum(submissionStatuses),
        attempts: z.number().int(),
        ticketId: z.string().nullable(),
        lastError: z.string().nullable(),
        refusalReason: z
          .string()
          .nullable()
          .describe('why the platform refused, in its own words, when it answered with a reason a person can read'),
        nextAttemptAt: isoTime.nullable(),
        submittedAt: isoTime.nullable(),
        acknowledgedAt: isoTime.nullable(),
        resolvedAt: isoTime.nullable(),
        urls: z.array(z.string()),
        manualTask: manualTaskSchema.optional(),
      }),
    ),
    events: z.array(
      z.object({
        at: isoTime,
        type: z.enum(contractEventTypes),
        kind: z.enum(eventTypes).describe('the service’s own word for the event; the same as type, or a finer one where type is note'),
        platform: z.string().nullable(),
        detail: z.string().nullable(),
        by: z.enum(['system', 'platform', 'caseworker', 'reporter']).describe('who wrote it; no account is named'),
      }),
    ),
  })
  .meta({ id: 'Case' });

export const caseListSchema = z
  .object({
    items: z.array(
      z.object({
        reference: z.string(),
        category: z.enum(categories),
        urgent: z.boolean(),
        overdue: z.boolean(),
        status: z.enum(requestStatuses),
        createdAt: isoTime,
        updatedAt: isoTime,
        submissions: z.array(z.object({ platform: z.string(), channel: z.string(), status: z.enum(submissionStatuses) })),
      }),
    ),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'CaseList' });

export const platformListSchema = z
  .array(z.object({ id: z.string(), name: z.string(), channel: z.string(), domains: z.array(z.string()) }))
  .meta({ id: 'PlatformList' });

export const healthSchema = z.object({ status: z.literal('ok') });

const durationSchema = z.object({ count: z.number().int(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() });

export const platformStatsSchema = z
  .object({
    since: isoTime.nullable(),
    generatedAt: isoTime,
    platforms: z.array(
      z.object({
        platform: z.string(),
        name: z.string(),
        notices: z.number().int(),
        acknowledged: z.number().int(),
        removed: z.number().int(),
        rejected: z.number().int(),
        open: z.number().int(),
        shareRemoved: z.number().nullable(),
        shareRejected: z.number().nullable(),
        timeToAcknowledgement: durationSchema,
        timeToRemoval: durationSchema,
      }),
    ),
  })
  .meta({ id: 'PlatformStats' });

const evidenceEntry = z.object({
  at: isoTime,
  type: z.string(),
  by: z.string().describe('system, reporter, platform:<id> or account:<id>'),
  detail: z.string().nullable(),
});

export const evidenceSchema = z
  .object({
    generatedAt: isoTime,
    case: z.object({
      reference: z.string(),
      category: z.enum(categories),
      urgent: z.boolean(),
      status: z.enum(requestStatuses),
      createdAt: isoTime,
      closedAt: isoTime.nullable(),
    }),
    links: z.array(z.object({ url: z.string(), platform: z.string(), status: z.string() })),
    notices: z.array(
      z.object({
        platform: z.string(),
        platformName: z.string(),
        channel: z.string(),
        noticeId: z.string(),
        status: z.enum(submissionStatuses),
        attempts: z.number().int(),
        ticketId: z.string().nullable(),
        submittedAt: isoTime.nullable(),
        acknowledgedAt: isoTime.nullable(),
        resolvedAt: isoTime.nullable(),
        notice: z.unknown().describe('the notice as the platform received it'),
        timeline: z.array(evidenceEntry),
      }),
    ),
    caseTimeline: z.array(evidenceEntry),
  })
  .meta({ id: 'Evidence' });
