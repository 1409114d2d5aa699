import { useTranslation } from 'react-i18next';

/** Shown on every page of the demo organisation, so no one mistakes it for real work. */
export function DemoBanner() {
  const { t } = useTranslation();
  return (
    <section className="demo-banner" data-testid="demo-banner" aria-label={t('demo.label')}>
      <strong>{t('demo.label')}</strong> {t('demo.explanation')}
    </section>
  );
}
