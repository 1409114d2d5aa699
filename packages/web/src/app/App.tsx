import { type ApiClient, logOut, type MemberSession } from '@corridor/vault';
import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlarmsLink } from '../features/alarms/AlarmsLink.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { RecoverPage } from '../features/auth/RecoverPage.tsx';
import { SignUpPage } from '../features/auth/SignUpPage.tsx';
import { UnlockPage } from '../features/auth/UnlockPage.tsx';
import { CaseloadContext, createCaseloadHolder } from '../features/cases/caseload-store.ts';
import { DemoBanner } from '../features/demo/DemoBanner.tsx';
import { HealthStatus } from '../features/health/HealthStatus.tsx';
import { useHealth } from '../features/health/use-health.ts';
import { InboxLink } from '../features/inbox/InboxLink.tsx';
import { LanguageSwitch } from '../features/language/LanguageSwitch.tsx';
import { MentionsLink } from '../features/mentions/MentionsLink.tsx';
import { SessionContext } from '../features/session/session-context.ts';
import { useInactivityLock } from '../features/session/use-inactivity-lock.ts';
import { useQuickExit } from '../features/session/use-quick-exit.ts';
import { useShortcuts } from '../features/session/use-shortcuts.ts';
// Everything past the login, sign-up and unlock pages is fetched when first opened.
import {
  AdminPage,
  AlarmsPage,
  CasePage,
  CasesPage,
  DashboardPage,
  DevicesPage,
  InboxPage,
  MentionsPage,
  NewCasePage,
  PartnersPage,
  ReferrersPage,
  ReportsPage,
  SheltersPage,
  TeamsPage,
  VocabulariesPage,
} from './lazy-pages.ts';
import { PageFrame } from './PageFrame.tsx';
import { routeKey, useHashRoute } from './use-hash-route.ts';

/** Signed out, signed in (keys in memory), or locked (session kept, keys dropped). */
type Auth =
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; session: MemberSession }
  | { kind: 'locked'; session: Omit<MemberSession, 'keys'>; reason: 'idle' | 'confirm' };

export function App({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const health = useHealth(api);
  const route = useHashRoute();
  const [auth, setAuth] = useState<Auth>({ kind: 'signed-out' });
  const caseloads = useMemo(createCaseloadHolder, []);
  const demo = health.state.kind === 'answered' && health.state.health.demo === true;
  const isAdmin = auth.kind === 'signed-in' && auth.session.account.roles.includes('administrator');
  // The vocabularies are edited by the documentation role (members of the vocabulary team).
  const documents =
    auth.kind === 'signed-in' && auth.session.account.roles.includes('documentation');
  // Reports are for those who document and analyse; what they count is still only what
  // each member's own browser can decrypt.
  const makesReports =
    auth.kind === 'signed-in' &&
    auth.session.account.roles.some((role) => role === 'analyst' || role === 'documentation');

  const lockFor = useCallback(
    (reason: 'idle' | 'confirm') => {
      // Dropping the MemberSession drops the private keys with it, and closing the caseload
      // ends the workers holding decrypted cases; only the session stays.
      caseloads.close();
      setAuth((current) => {
        if (current.kind !== 'signed-in') return current;
        const { keys: _dropped, ...session } = current.session;
        return { kind: 'locked', session, reason };
      });
    },
    [caseloads],
  );
  const lock = useCallback(() => lockFor('idle'), [lockFor]);
  const sessionActions = useMemo(() => ({ reauthenticate: () => lockFor('confirm') }), [lockFor]);
  useInactivityLock(auth.kind === 'signed-in', lock);
  useShortcuts(
    auth.kind === 'signed-in'
      ? {
          c: () => {
            window.location.hash = '#/cases';
          },
          n: () => {
            window.location.hash = '#/cases/new';
          },
          '/': () => document.getElementById('case-search')?.focus(),
        }
      : {},
  );
  // Esc three times: keys dropped, the session ended, and the tab leaves Corridor.
  useQuickExit(() => {
    caseloads.close();
    setAuth({ kind: 'signed-out' });
    if (auth.kind !== 'signed-out') void logOut(auth.session).catch(() => undefined);
    window.location.replace('about:blank');
  });

  const signOut = useCallback(() => {
    const current = auth;
    caseloads.close();
    setAuth({ kind: 'signed-out' });
    window.location.hash = '#/';
    if (current.kind !== 'signed-out') void logOut(current.session).catch(() => undefined);
  }, [auth, caseloads]);

  let main: ReactNode;
  if (route.page === 'invite' && auth.kind === 'signed-out') {
    main = (
      <SignUpPage api={api} invitation={route.token} onDone={() => (window.location.hash = '#/')} />
    );
  } else if (route.page === 'recover' && auth.kind === 'signed-out') {
    main = <RecoverPage api={api} />;
  } else if (auth.kind === 'signed-out') {
    main = (
      <LoginPage api={api} onLoggedIn={(session) => setAuth({ kind: 'signed-in', session })} />
    );
  } else if (auth.kind === 'locked') {
    main = (
      <UnlockPage
        api={auth.session.api}
        handle={auth.session.account.handle}
        reason={auth.reason}
        onUnlocked={({ account, keys }) =>
          setAuth({ kind: 'signed-in', session: { ...auth.session, account, keys } })
        }
        onLogOut={signOut}
      />
    );
  } else if (route.page === 'cases') {
    main = <CasesPage session={auth.session} />;
  } else if (route.page === 'new-case') {
    main = <NewCasePage session={auth.session} />;
  } else if (route.page === 'case') {
    main = <CasePage key={route.caseId} session={auth.session} caseId={route.caseId} />;
  } else if (route.page === 'dashboard') {
    main = <DashboardPage session={auth.session} />;
  } else if (route.page === 'alarms') {
    main = <AlarmsPage session={auth.session} />;
  } else if (route.page === 'inbox') {
    main = <InboxPage session={auth.session} />;
  } else if (route.page === 'mentions') {
    main = <MentionsPage session={auth.session} />;
  } else if (route.page === 'referrers') {
    main = <ReferrersPage session={auth.session} />;
  } else if (route.page === 'partners') {
    main = <PartnersPage session={auth.session} />;
  } else if (route.page === 'shelters') {
    main = <SheltersPage session={auth.session} />;
  } else if (route.page === 'reports' && makesReports) {
    main = <ReportsPage session={auth.session} />;
  } else if (route.page === 'vocabularies') {
    main = <VocabulariesPage session={auth.session} />;
  } else if (route.page === 'devices') {
    main = <DevicesPage api={auth.session.api} />;
  } else if (route.page === 'teams') {
    main = <TeamsPage session={auth.session} />;
  } else if (route.page === 'admin' && isAdmin) {
    main = <AdminPage api={auth.session.api} selfId={auth.session.account.id} />;
  } else {
    main = (
      <>
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <p>{t('home.welcome', { handle: auth.session.account.handle })}</p>
        <p>{t('app.intro')}</p>
        <HealthStatus state={health.state} check={health.check} />
        <p className="hint">{t('app.shortcuts')}</p>
      </>
    );
  }

  return (
    <SessionContext.Provider value={sessionActions}>
      <CaseloadContext.Provider value={caseloads}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="app-header">
          <span className="brand">{t('app.name')}</span>
          {auth.kind === 'signed-in' && (
            <nav aria-label={t('nav.label')} className="main-nav">
              <a href="#/">{t('nav.home')}</a>
              <a href="#/dashboard">{t('nav.dashboard')}</a>
              <a href="#/cases">{t('nav.cases')}</a>
              <InboxLink session={auth.session} />
              <AlarmsLink session={auth.session} />
              <MentionsLink session={auth.session} />
              <a href="#/referrers">{t('nav.referrers')}</a>
              <a href="#/shelters">{t('shelters.nav')}</a>
              {makesReports && <a href="#/reports">{t('reports.nav')}</a>}
              {documents && <a href="#/vocabularies">{t('vocabularies.nav')}</a>}
              <a href="#/teams">{t('nav.teams')}</a>
              <a href="#/devices">{t('nav.devices')}</a>
              {isAdmin && <a href="#/admin">{t('nav.admin')}</a>}
              {isAdmin && <a href="#/partners">{t('partners.nav')}</a>}
              <button type="button" onClick={lock}>
                {t('session.lock')}
              </button>
              <button type="button" onClick={signOut}>
                {t('session.logOut')}
              </button>
            </nav>
          )}
          <LanguageSwitch />
        </header>
        {demo && <DemoBanner />}
        <main id="main" tabIndex={-1}>
          <PageFrame page={routeKey(route)}>{main}</PageFrame>
        </main>
      </CaseloadContext.Provider>
    </SessionContext.Provider>
  );
}
