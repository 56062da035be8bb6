import type { Reporter } from '../../platforms/types.js';
import { openJson, type Keyring, type SealContext } from './seal.js';

// Every sealed column in the database and the associated data that binds a value to its row.
// Intake, readers and key rotation all take the context from here, so they cannot disagree.
export const sealedColumns = [
  { table: 'requests', column: 'reporter_sealed', context: 'reporter', idColumn: 'id' },
  { table: 'requests', column: 'explanation_sealed', context: 'explanation', idColumn: 'id' },
  { table: 'idempotency_keys', column: 'response_sealed', context: 'response', idColumn: 'key_hash' },
] as const;

export const reporterContext = (requestId: string): SealContext => ({ table: 'requests', column: 'reporter', rowId: requestId });
export const explanationContext = (requestId: string): SealContext => ({ table: 'requests', column: 'explanation', rowId: requestId });
export const idempotencyResponseContext = (keyHash: string): SealContext => ({
  table: 'idempotency_keys',
  column: 'response',
  rowId: keyHash,
});

/** Opens what a request holds of the person: who filed it and what they wrote (null where none). */
export function openPersonalData(
  keyring: Keyring,
  request: { id: string; reporterSealed: string | null; explanationSealed: string | null },
): { reporter: Reporter | null; explanation: string | null } {
  return {
    reporter: request.reporterSealed ? openJson<Reporter>(keyring, reporterContext(request.id), request.reporterSealed) : null,
    explanation: request.explanationSealed ? openJson<string>(keyring, explanationContext(request.id), request.explanationSealed) : null,
  };
}
