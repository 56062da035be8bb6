import type { AppDeps } from '../../../app-deps.js';
import { actorOf } from '../../../api/access.js';
import { findRequestByReference } from '../../../cases/case-view.js';
import { buildEvidence } from '../../../cases/evidence.js';
import { normalizeReference } from '../../../intake/reference.js';
import { accountNames } from '../actor-names.js';
import { render, uiFor, type DashboardApp } from '../context.js';
import { notFoundPage } from '../guards.js';
import { loadManualWork } from '../manual-work.js';
import { EvidencePage } from '../pages/evidence-page.js';
import { ManualPage } from '../pages/manual-page.js';
import { ScorecardPage } from '../pages/scorecard-page.js';
import { loadScorecard } from '../scorecard-figures.js';
import { callerOf } from '../session.js';
import { flashOf } from './case.js';

export function registerWorkViews(app: DashboardApp, deps: AppDeps): void {
  app.get('/admin/manual', (c) =>
    render(c, <ManualPage ui={uiFor(c)} items={loadManualWork(deps, { limit: 200 })} message={flashOf(c)} />),
  );

  app.get('/admin/scorecard', (c) => {
    const names = new Map(deps.registry.platforms.map((p) => [p.id, p.name]));
    return render(c, <ScorecardPage ui={uiFor(c)} rows={loadScorecard(deps.database)} names={names} />);
  });

  const evidenceOf = (reference: string | undefined, actor: string) => {
    const normalized = normalizeReference(reference ?? '');
    const request = normalized ? findRequestByReference(deps.database.db, normalized) : undefined;
    return request
      ? buildEvidence({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, { request, actor, now: deps.clock.now() })
      : null;
  };

  app.get('/admin/cases/:reference/evidence.json', (c) => {
    const record = evidenceOf(c.req.param('reference'), actorOf(callerOf(c)));
    if (!record) return notFoundPage(c);
    c.header('content-disposition', `attachment; filename="evidence-${record.case.reference}.json"`);
    return c.json(record);
  });

  app.get('/admin/cases/:reference/evidence', (c) => {
    const record = evidenceOf(c.req.param('reference'), actorOf(callerOf(c)));
    if (!record) return notFoundPage(c);
    return render(c, <EvidencePage ui={uiFor(c)} record={record} names={accountNames(deps.database.db)} />);
  });
}
