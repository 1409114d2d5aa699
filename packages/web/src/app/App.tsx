import type { ApiClient } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import { HealthStatus } from '../features/health/HealthStatus.tsx';
import { LanguageSwitch } from '../features/language/LanguageSwitch.tsx';

export function App({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <p>{t('app.intro')}</p>
        <section aria-labelledby="coming-heading" className="panel">
          <h2 id="coming-heading">{t('app.comingHeading')}</h2>
          <p>{t('app.coming')}</p>
        </section>
        <HealthStatus api={api} />
      </main>
    </>
  );
}
