import type { AppDeps } from '../../../app-deps.js';
import { actorOf } from '../../../api/access.js';
import { annotateCase } from '../../../cases/actions/annotate-case.js';
import { closeCase } from '../../../cases/actions/close-case.js';
import { requeueSubmission } from '../../../cases/actions/requeue-submission.js';
import { findRequestByReference } from '../../../cases/case-view.js';
import { withdrawRequest } from '../../../cases/withdraw-request.js';
import { recordOutcome } from '../../../confirm/record-outcome.js';
import { normalizeReference } from '../../../intake/reference.js';
import { purgePersonalData } from '../../../retention/purge-personal-data.js';
import { accountNames } from '../actor-names.js';
import { loadDashboardCase } from '../case-data.js';
import { formOf, redirectWith, render, uiFor, type DashboardApp, type DashboardContext } from '../context.js';
import { notFoundPage } from '../guards.js';
import { CasePage } from '../pages/case-page.js';
import { callerOf } from '../session.js';

const messages = {
  done: ['ok', 'action.done'],
  notNow: ['error', 'action.notNow'],
  unknownUrl: ['error', 'action.unknownUrl'],
  csrf: ['error', 'action.csrf'],
  invalid: ['error', 'action.invalid'],
} as const;

export function flashOf(c: DashboardContext) {
  const code = c.req.query('msg') as keyof typeof messages | undefined;
  const m = code ? messages[code] : undefined;
  return m ? { kind: m[0], text: uiFor(c).t(m[1], { detail: '' }) } : undefined;
}

function caseOf(c: DashboardContext, deps: AppDeps) {
  const reference = normalizeReference(c.req.param('reference') ?? '');
  return reference ? findRequestByReference(deps.database.db, reference) : undefined;
}

const clip = (text: string | undefined, max: number) => (text ?? '').trim().slice(0, max);

export function registerCasePage(app: DashboardApp, deps: AppDeps): void {
  const db = deps.database.db;

  app.get('/admin/cases/:reference', (c) => {
    const request = caseOf(c, deps);
    if (!request) return notFoundPage(c);
    const data = loadDashboardCase(deps, { request, actor: actorOf(callerOf(c)) });
    return render(c, <CasePage ui={uiFor(c)} data={data} names={accountNames(db)} message={flashOf(c)} />);
  });

  // One endpoint per action; each is one function under src/cases/, writing its event with who did it.
  app.post('/admin/cases/:reference/:action', async (c) => {
    const request = caseOf(c, deps);
    if (!request) return notFoundPage(c);
    const form = await formOf(c);
    const actor = actorOf(callerOf(c));
    const now = deps.clock.now();
    const base = { requestId: request.id, actor, now };
    const submissionId = form.submissionId ?? '';
    let outcome: string;
    switch (c.req.param('action')) {
      case 'retry':
      case 'renotify':
        outcome = requeueSubmission(db, { ...base, submissionId, mode: c.req.param('action') as 'retry' | 'renotify' });
        if (outcome === 'done') deps.wake.notify('requeued');
        break;
      // Filing by hand and the platform's answers go through the confirmations' one outcome path.
      case 'filed':
      case 'outcome': {
        const note = clip(form.note, 2000) || undefined;
        const ticketId = clip(form.ticketId, 200) || undefined;
        const kind = c.req.param('action') === 'filed' ? 'filed' : form.outcome;
        if (kind !== 'filed' && kind !== 'acknowledged' && kind !== 'removed' && kind !== 'rejected') {
          outcome = 'invalid';
          break;
        }
        const result = recordOutcome(db, { ...base, submissionId, input: { outcome: kind, note, ticketId } });
        outcome =
          result.kind === 'recorded' || result.kind === 'unchanged' ? 'done' : result.kind === 'conflict' ? 'not_allowed_now' : result.kind;
        break;
      }
      case 'escalate':
      case 'note': {
        const text = clip(form.text, 4000);
        outcome = text
          ? annotateCase(db, {
              ...base,
              type: c.req.param('action') === 'note' ? 'note' : 'escalated',
              text,
              submissionId: submissionId || undefined,
            })
          : 'invalid';
        break;
      }
      case 'withdraw':
        outcome = withdrawRequest(db, { requestId: request.id, actor, now }) === 'closed' ? 'not_allowed_now' : 'done';
        break;
      case 'close':
        outcome = closeCase(db, { ...base, reason: clip(form.reason, 500) || 'closed by a caseworker' });
        break;
      case 'purge':
        // Only once the case is closed: a notice still to go out would leave without the
        // explanation it rests on. Closing first stops those notices, in the caseworker's sight.
        if (request.closedAt === null) {
          outcome = 'not_allowed_now';
          break;
        }
        purgePersonalData({
          db,
          sqlite: deps.database.sqlite,
          keyring: deps.keyring,
          now,
          retentionDays: 0,
          requestIds: [request.id],
          actor,
        });
        outcome = 'done';
        break;
      default:
        return notFoundPage(c);
    }
    const code = outcome === 'done' ? 'done' : outcome === 'unknown_url' ? 'unknownUrl' : outcome === 'invalid' ? 'invalid' : 'notNow';
    const back = form.return === 'manual' ? '/admin/manual' : `/admin/cases/${request.reference}`;
    return redirectWith(c, back, code);
  });
}
