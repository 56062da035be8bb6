import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

// What a person sees when something fails outside any form: never a stack trace, never English
// JSON, and always a way back.
export function ProblemPage(props: { ui: PageUi; message: string }) {
  const { t } = props.ui;
  const title = t('problem.title');
  return (
    <Layout ui={props.ui} title={title} noindex switcher={{ kind: 'links', path: '/' }}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/" class="button">
          {t('problem.back')}
        </a>
      </p>
    </Layout>
  );
}
