import type { HashMatchingProgramme } from '../../../platforms/hash-matching.js';
import type { PageUi } from '../page-ui.js';

// Programmes that block copies of intimate images by matching a fingerprint computed on the
// person's own device: the image itself never leaves it, so pointing people there never
// conflicts with our rule of never taking images. Which ones a case gets is decided once, with
// the case (platforms/hash-matching.ts, the `hashMatching` list of the case view), so the pages
// offer exactly what the API offers: never StopNCII, which is for adults, when a minor is
// involved. Each programme is described in the page's language by its id.

export function HashMatching(props: { ui: PageUi; programmes: readonly HashMatchingProgramme[] }) {
  const { t } = props.ui;
  const { programmes } = props;
  if (programmes.length === 0) return null;
  return (
    <section class="notice" aria-labelledby="hash-title">
      <h2 id="hash-title">{t('hash.title')}</h2>
      <p>{t('hash.intro')}</p>
      <ul>
        {programmes.map((p) => (
          <li data-programme={p.id}>
            {t(`hash.${p.id}`)}{' '}
            <a href={p.url} rel="noreferrer">
              {new URL(p.url).hostname.replace(/^www\./, '')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
