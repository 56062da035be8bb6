import type { CaseView } from '../../cases/case-view.js';
import { eventWords, platformLabel, requestState } from '../case-words.js';
import { CaseFields } from '../components/case-fields.js';
import { HashMatching } from '../components/hash-matching.js';
import { HelpBlock } from '../components/help-block.js';
import { Sentence } from '../components/sentence.js';
import { SubmissionCard } from '../components/submission-card.js';
import { formatDateTime, isoString } from '../format.js';
import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

const finished = new Set(['withdrawn', 'closed']);

// Where a case stands, for the person who filed it: overall, then per place, then the timeline.
export function StatusPage(props: { ui: PageUi; view: CaseView; token: string; notice?: string }) {
  const { ui, view, token } = props;
  const { t, locale } = ui;
  const fmt = (iso: string) => formatDateTime(locale, iso);
  const names = new Map(view.submissions.map((s) => [s.platform, platformLabel(t, s)]));
  const title = t('status.title', { reference: view.reference });
  const timeline = view.events
    .map((e) => ({ ...e, words: eventWords(t, e) }))
    .filter((e) => e.words !== null)
    .reverse();
  return (
    <Layout ui={ui} title={title} noindex switcher={{ kind: 'repost', action: '/status', fields: { reference: view.reference, token } }}>
      <h1>
        <Sentence text={(marker) => t('status.title', { reference: marker })}>
          <span class="nowrap">{view.reference}</span>
        </Sentence>
      </h1>
      {props.notice ? (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      ) : null}

      <div class="notice">
        <p>
          {t('status.overall')} <strong data-request-status={view.status}>{requestState(t, view.status)}</strong>
        </p>
        <p>
          <time datetime={isoString(view.createdAt)}>{t('status.sentOn', { date: fmt(view.createdAt) })}</time>{' '}
          <time datetime={isoString(view.updatedAt)}>{t('status.updatedOn', { date: fmt(view.updatedAt) })}</time>
        </p>
        <p>{t('status.about', { category: t(`categoryShort.${categoryKey(view.category)}`) })}</p>
        {view.urgent ? (
          <p>
            <strong>{t('status.urgent')}</strong>
          </p>
        ) : null}
        <form method="post" action="/status">
          <CaseFields reference={view.reference} token={token} />
          <button type="submit" class="button button--secondary">
            {t('status.refresh')}
          </button>
        </form>
      </div>

      <h2>{t('status.platformsTitle')}</h2>
      <p class="muted">{t('status.linksNote')}</p>
      {view.submissions.map((s, i) => (
        <SubmissionCard ui={ui} view={view} submission={s} index={i} />
      ))}

      <HashMatching ui={ui} programmes={view.hashMatching} />

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('status.timelineTitle')}</h2>
        <ol class="timeline">
          {timeline.map((e) => (
            <li data-event={e.kind}>
              <time datetime={isoString(e.at)}>{fmt(e.at)}</time>
              {e.platform ? <strong>{names.get(e.platform) ?? e.platform}: </strong> : null}
              {e.words}
            </li>
          ))}
        </ol>
      </section>

      {finished.has(view.status) ? null : (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t('status.withdrawTitle')}</h2>
          <p>{t('status.withdrawIntro')}</p>
          <form method="post" action="/status/withdraw">
            <CaseFields reference={view.reference} token={token} />
            <button type="submit" class="button button--warning">
              {t('status.withdrawButton')}
            </button>
          </form>
        </section>
      )}

      <HelpBlock ui={ui} urgent={view.urgent} />
    </Layout>
  );
}

const categoryKeys = new Set([
  'intimate_image',
  'sextortion',
  'hidden_camera',
  'child_sexual_abuse',
  'harassment',
  'child_photo_misuse',
  'other',
] as const);
type CategoryKey = typeof categoryKeys extends Set<infer S> ? S : never;
const categoryKey = (c: string): CategoryKey => (categoryKeys.has(c as CategoryKey) ? (c as CategoryKey) : 'other');
