import type { ApiClient } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from '../features/demo/DemoBanner.tsx';
import { HealthStatus } from '../features/health/HealthStatus.tsx';
import { useHealth } from '../features/health/use-health.ts';
import { LanguageSwitch } from '../features/language/LanguageSwitch.tsx';

export function App({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const health = useHealth(api);
  const demo = health.state.kind === 'answered' && health.state.health.demo === true;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      {demo && <DemoBanner />}
      <main id="main" tabIndex={-1}>
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <p>{t('app.intro')}</p>
        <section aria-labelledby="coming-heading" className="panel">
          <h2 id="coming-heading">{t('app.comingHeading')}</h2>
          <p>{t('app.coming')}</p>
        </section>
        <HealthStatus state={health.state} check={health.check} />
      </main>
    </>
  );
}
