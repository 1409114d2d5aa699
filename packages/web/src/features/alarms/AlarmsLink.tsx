import type { MemberSession } from '@corridor/vault';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAlarms } from './use-alarms.ts';

/**
 * The navigation's way to the alarms, with how many wait unacknowledged, and a banner
 * (role="alert", read out by screen readers) when an alarm arrives that was not there
 * before — on whatever page the member is.
 */
export function AlarmsLink({ session }: { session: MemberSession }) {
  const { t } = useTranslation();
  const { alarms, unacknowledged } = useAlarms(session);
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState(false);

  useEffect(() => {
    const waiting = alarms.filter((a) => a.acknowledgedAt === null).map((a) => a.id);
    // The first answer is what was already there at login: still worth a banner if any wait.
    const before = seen.current;
    if (before === null) setFresh(waiting.length > 0);
    else if (waiting.some((id) => !before.has(id))) setFresh(true);
    else if (waiting.length === 0) setFresh(false);
    seen.current = new Set(waiting);
  }, [alarms]);

  const label =
    unacknowledged > 0 ? t('alarms.navWith', { count: unacknowledged }) : t('alarms.nav');
  return (
    <>
      <a href="#/alarms" className={unacknowledged > 0 ? 'alarm-link' : undefined}>
        {label}
      </a>
      {fresh && unacknowledged > 0 && window.location.hash !== '#/alarms' && (
        <p role="alert" className="alarm-banner">
          {t('alarms.banner', { count: unacknowledged })}{' '}
          <a href="#/alarms">{t('alarms.openAlarms')}</a>
        </p>
      )}
    </>
  );
}
