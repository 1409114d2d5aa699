import type { Partner, PartnerCheck } from '@corridor/vault';
import { useTranslation } from 'react-i18next';

/**
 * A partner's key as people compare it — its fingerprint, prominently — and whether the
 * record carries a valid administrator's signature (packages are not sealed otherwise).
 */
export function PartnerKey({ partner, check }: { partner: Partner; check?: PartnerCheck }) {
  const { t } = useTranslation();
  if (!partner.publicKey) return <>{t('partners.noKey')}</>;
  return (
    <>
      {check?.fingerprint && (
        <p>
          {t('partners.fingerprint')}{' '}
          <strong>
            <code className="fingerprint">{check.fingerprint}</code>
          </strong>
        </p>
      )}
      <p className="hint">{t('partners.fingerprintHint')}</p>
      {check?.problem && <p className="warning">{t(`partners.recordProblem.${check.problem}`)}</p>}
    </>
  );
}
