import type { PageUi } from '../page-ui.js';

// Programmes that block copies of intimate images by matching a fingerprint computed on the
// person's own device: the image itself never leaves it, so pointing people there never
// conflicts with our rule of never taking images.

const programmes = {
  adults: 'https://stopncii.org/',
  minors: 'https://takeitdown.ncmec.org/',
};

const categoriesWithIntimateImages = new Set(['intimate_image', 'sextortion']);

/** Whether a case's category is about intimate images that hash-matching can stop spreading. */
export function hashMatchingApplies(category: string): boolean {
  return categoriesWithIntimateImages.has(category);
}

export function HashMatching(props: { ui: PageUi }) {
  const { t } = props.ui;
  return (
    <section class="notice" aria-labelledby="hash-title">
      <h2 id="hash-title">{t('hash.title')}</h2>
      <p>{t('hash.intro')}</p>
      <ul>
        <li>
          {t('hash.adults')}{' '}
          <a href={programmes.adults} rel="noreferrer">
            stopncii.org
          </a>
        </li>
        <li>
          {t('hash.minors')}{' '}
          <a href={programmes.minors} rel="noreferrer">
            takeitdown.ncmec.org
          </a>
        </li>
      </ul>
    </section>
  );
}
