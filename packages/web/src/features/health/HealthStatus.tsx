import { useTranslation } from 'react-i18next';
import type { HealthState } from './use-health.ts';

export function HealthStatus({ state, check }: { state: HealthState; check: () => void }) {
  const { t } = useTranslation();

  return (
    <section aria-labelledby="health-heading" className="panel">
      <h2 id="health-heading">{t('health.heading')}</h2>
      <p role="status" data-testid="health-status">
        {state.kind === 'checking' && t('health.checking')}
        {state.kind === 'unreachable' && t('health.unreachable')}
        {state.kind === 'answered' &&
          t(state.health.status === 'ok' ? 'health.ok' : 'health.degraded')}
      </p>
      {state.kind === 'answered' && state.health.database && (
        <dl>
          <dt>{t('health.database')}</dt>
          <dd>{t(`health.${state.health.database.kind}`)}</dd>
          <dt>{t('health.schema')}</dt>
          <dd>{state.health.database.schemaVersion ?? t('health.none')}</dd>
          <dt>{t('health.version')}</dt>
          <dd>{state.health.version}</dd>
        </dl>
      )}
      <button type="button" onClick={check} disabled={state.kind === 'checking'}>
        {t('health.retry')}
      </button>
    </section>
  );
}
