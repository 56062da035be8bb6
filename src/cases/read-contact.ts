import type { Reporter } from '../../platforms/types.js';
import { recordAudit } from '../accounts/audit.js';
import type { Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import type { Keyring } from '../privacy/seal.js';
import { openPersonalData } from '../privacy/sealed-columns.js';

export interface CaseContact {
  reporter: Reporter | null;
  explanation: string | null;
  purged: boolean;
}

// The only place the dashboard unseals who filed a case and what they wrote; every call is in the
// audit log against the case, with who looked.
export function readContact(deps: { db: Db; keyring: Keyring }, options: { request: RequestRow; actor: string; now: number }): CaseContact {
  const { request } = options;
  const { reporter, explanation } = openPersonalData(deps.keyring, request);
  recordAudit(deps.db, { actor: options.actor, action: 'contact_viewed', at: options.now, requestId: request.id });
  return { reporter, explanation, purged: request.personalDataPurgedAt !== null };
}
