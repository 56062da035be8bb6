import { desc, eq } from 'drizzle-orm';
import type { Db, DbTx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export const auditActions = [
  'signed_in',
  'sign_in_failed',
  'signed_out',
  'account_created',
  'account_disabled',
  'password_set',
  'key_issued',
  'key_revoked',
  'contact_viewed',
  'evidence_exported',
] as const;
export type AuditAction = (typeof auditActions)[number];

// What people do that is not a step of a case's work. Written in the same transaction as the
// change it records, like case events.
export function recordAudit(
  tx: DbTx,
  entry: { actor: string; action: AuditAction; at: number; subject?: string | null; requestId?: string | null; detail?: string | null },
): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      requestId: entry.requestId ?? null,
      detail: entry.detail ?? null,
    })
    .run();
}

export function auditOfCase(db: Db, requestId: string) {
  return db.select().from(auditLog).where(eq(auditLog.requestId, requestId)).orderBy(desc(auditLog.id)).limit(200).all();
}
