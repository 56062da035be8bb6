import { z } from 'zod';
import {
  accountSummarySchema,
  createAccountSchema,
  createdAccountSchema,
  issuedKeySchema,
  rotateKeySchema,
  setPasswordSchema,
} from '../../accounts/account-schemas.js';
import { bulkFilingSchema, routingPreviewSchema } from '../../intake/bulk-schema.js';
import { createRequestSchema } from '../../intake/request-schema.js';
import { outcomeSchema } from '../../confirm/record-outcome.js';
import { listQuerySchema } from '../routes/list-requests.js';
import { platformStatsQuerySchema } from '../routes/platform-stats.js';
import { webhookBodySchema } from '../routes/receive-webhook.js';
import {
  caseListSchema,
  caseViewSchema,
  createdRequestSchema,
  healthSchema,
  platformListSchema,
  platformStatsSchema,
  evidenceSchema,
} from './response-schemas.js';

export type Auth = 'none' | 'apiKey' | 'statusTokenOrKey' | 'adminKey' | 'webhookSignature';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  /** Hono's form (`:reference`); the document turns it into `{reference}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  query?: z.ZodObject;
  headers?: Array<{ name: string; description: string }>;
  body?: z.ZodType;
  /** Status → what it means and, when there is a JSON body, its schema. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  description: 'Optional. The same key and body within 24 h returns the first answer, never a second case.',
};
const pathParams: Record<string, string> = {
  reference: 'the case reference, TD-XXXX-XXXX (any case, dashes optional)',
  platformId: 'the platform id, as in /api/v1/platforms',
  id: 'the account id',
  submissionId: 'the submission id, as in the case’s `submissions`',
  keyId: 'the key id: the part between the first two underscores of the key',
};
export const pathParameterDescriptions = pathParams;

const notFoundForOthers = 'No such case, or not yours: the two are not told apart.';

// Every JSON route of the service. Request schemas are the ones the routes validate with.
export const operations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/requests',
    tag: 'Removal requests',
    summary: 'File one removal request for every platform',
    description:
      'Anonymous, or with an organisation or caseworker key (up to 1,000 links). Urgent when the reporter says so, for child sexual abuse, sextortion, or when a minor is involved.',
    auth: 'none',
    headers: [idempotencyHeader],
    body: createRequestSchema,
    responses: {
      201: { description: 'Stored and routed; the status token is shown this once.', schema: createdRequestSchema },
      400: { description: 'Invalid fields; nothing stored.' },
      401: { description: 'A revoked or unknown key.' },
      413: { description: 'Body over 64 KiB.' },
      422: { description: 'Idempotency-Key reused with another body.' },
      429: { description: 'Too many requests from this address (Retry-After).' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/requests',
    tag: 'Removal requests',
    summary: 'List cases (caseworkers: all; organisations: their own)',
    description: 'Urgent first, then overdue, then oldest. Keyset pagination with `cursor`.',
    auth: 'apiKey',
    query: listQuerySchema,
    responses: {
      200: { description: 'One page of cases.', schema: caseListSchema },
      400: { description: 'Bad filter.' },
      401: { description: 'No key.' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/requests/:reference',
    tag: 'Removal requests',
    summary: 'One case: its status, every submission and the timeline',
    auth: 'statusTokenOrKey',
    responses: { 200: { description: 'The case.', schema: caseViewSchema }, 404: { description: notFoundForOthers } },
  },
  {
    method: 'post',
    path: '/api/v1/requests/:reference/withdraw',
    tag: 'Removal requests',
    summary: 'Stop all pending work of a case',
    description: 'The reporter (status token) or a caseworker. Notices already sent are not recalled.',
    auth: 'statusTokenOrKey',
    responses: {
      200: { description: 'The case, withdrawn.', schema: caseViewSchema },
      404: { description: notFoundForOthers },
      409: { description: 'The case is closed.' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/requests/:reference/evidence',
    tag: 'Removal requests',
    summary: 'The evidence record of a case: every notice as sent, with its times and answers (caseworkers)',
    description: 'What police or a court needs to show a platform knew. Links and text only. Each export is logged.',
    auth: 'apiKey',
    responses: { 200: { description: 'The record.', schema: evidenceSchema }, 404: { description: 'No such case, or not a caseworker.' } },
  },
  {
    method: 'post',
    path: '/api/v1/requests/:reference/submissions/:submissionId/outcome',
    tag: 'Removal requests',
    summary: 'Record what a caseworker learned: a web form filed by hand, or the platform’s answer',
    auth: 'apiKey',
    body: outcomeSchema,
    responses: {
      200: { description: 'The case, after the outcome.', schema: caseViewSchema },
      400: { description: 'Invalid fields, or links that are not part of this notice.' },
      404: { description: 'No such case or submission, or not a caseworker.' },
      409: { description: 'Not possible in the submission’s present state.' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/stats/platforms',
    tag: 'Platforms',
    summary: 'How each platform answers: counts, shares and times (caseworkers)',
    auth: 'apiKey',
    query: platformStatsQuerySchema,
    responses: {
      200: { description: 'Per-platform figures.', schema: platformStatsSchema },
      401: { description: 'No key.' },
      403: { description: 'Not a caseworker.' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/bulk-requests/preview',
    tag: 'Organisations',
    summary: 'Show how a filing of many links will be routed, without storing it',
    auth: 'apiKey',
    body: bulkFilingSchema,
    responses: {
      200: { description: 'Links found, links refused, and one group per platform.', schema: routingPreviewSchema },
      400: { description: 'Invalid fields.' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/bulk-requests',
    tag: 'Organisations',
    summary: 'File up to 1,000 links (a list, pasted text or CSV) with one explanation and one category',
    description: 'All or nothing: one invalid link and nothing is stored; the errors name each line.',
    auth: 'apiKey',
    headers: [idempotencyHeader],
    body: bulkFilingSchema,
    responses: {
      201: { description: 'Stored and routed.', schema: createdRequestSchema },
      400: { description: 'Invalid fields or links; nothing stored.' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/platforms',
    tag: 'Platforms',
    summary: 'The platform registry',
    auth: 'none',
    responses: { 200: { description: 'Every configured platform.', schema: platformListSchema } },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/:platformId',
    tag: 'Platforms',
    summary: 'A confirmation from a platform (Standard Webhooks signature)',
    auth: 'webhookSignature',
    body: webhookBodySchema,
    responses: {
      204: { description: 'Accepted (a repeated webhook-id changes nothing).' },
      400: { description: 'Malformed.' },
      401: { description: 'Bad or missing signature.' },
      404: { description: 'Unknown notice.' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/accounts',
    tag: 'Accounts',
    summary: 'List accounts and their keys (ids only)',
    auth: 'adminKey',
    responses: { 200: { description: 'Every account.', schema: z.array(accountSummarySchema) } },
  },
  {
    method: 'post',
    path: '/api/v1/accounts',
    tag: 'Accounts',
    summary: 'Create an account; its first key is shown once',
    auth: 'adminKey',
    body: createAccountSchema,
    responses: { 201: { description: 'Created.', schema: createdAccountSchema }, 400: { description: 'Invalid fields.' } },
  },
  {
    method: 'post',
    path: '/api/v1/accounts/:id/keys',
    tag: 'Accounts',
    summary: 'Rotate: issue a new key and revoke the others (unless keepOthers)',
    auth: 'adminKey',
    body: rotateKeySchema,
    responses: { 201: { description: 'The new key, shown once.', schema: issuedKeySchema }, 404: { description: 'No such account.' } },
  },
  {
    method: 'delete',
    path: '/api/v1/accounts/:id/keys/:keyId',
    tag: 'Accounts',
    summary: 'Revoke one key',
    auth: 'adminKey',
    responses: { 204: { description: 'Revoked.' }, 404: { description: 'No such active key on this account.' } },
  },
  {
    method: 'put',
    path: '/api/v1/accounts/:id/password',
    tag: 'Accounts',
    summary: 'Give an account a dashboard sign-in, or a new password (its sessions end)',
    auth: 'adminKey',
    body: setPasswordSchema,
    responses: {
      204: { description: 'Set.' },
      400: { description: 'Invalid, or the login is taken.' },
      404: { description: 'No such account.' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/accounts/:id/disable',
    tag: 'Accounts',
    summary: 'Disable an account: its keys and sessions stop at once',
    auth: 'adminKey',
    responses: { 200: { description: 'The account.', schema: accountSummarySchema }, 404: { description: 'No such account.' } },
  },
  {
    method: 'get',
    path: '/healthz',
    tag: 'Operations',
    summary: 'Liveness: 200 once migrations ran and the database answers',
    auth: 'none',
    responses: { 200: { description: 'Up.', schema: healthSchema }, 503: { description: 'The database does not answer.' } },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    auth: 'none',
    responses: { 200: { description: 'Prometheus text format.', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Operations',
    summary: 'This document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1.' } },
  },
];
