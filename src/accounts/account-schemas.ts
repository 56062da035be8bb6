import { z } from 'zod';
import { accountRoles } from './api-keys.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';

// Request bodies of the account endpoints; the same schemas feed /openapi.json.

export const loginSchema = z.email('must be an e-mail address').max(254);

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const createAccountSchema = z
  .object({
    role: z.enum(accountRoles),
    name: z.string().trim().min(1, 'is required').max(200),
    login: loginSchema.optional(),
    password: passwordSchema.optional(),
  })
  .refine((v) => (v.login === undefined) === (v.password === undefined), {
    message: 'login and password go together',
    path: ['password'],
  });

export const rotateKeySchema = z.object({
  keepOthers: z.boolean().default(false).describe('keep the account’s other keys working (a hand-over period)'),
});

export const setPasswordSchema = z.object({ login: loginSchema, password: passwordSchema });

export const createdAccountSchema = z.object({ id: z.string(), apiKey: z.string() });
export const issuedKeySchema = z.object({ keyId: z.string(), apiKey: z.string(), revoked: z.array(z.string()) });
export const accountSummarySchema = z.object({
  id: z.string(),
  role: z.enum(accountRoles),
  name: z.string(),
  login: z.string().nullable(),
  canSignIn: z.boolean(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  keys: z.array(z.object({ id: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
});
