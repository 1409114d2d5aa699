import { type ComponentType, lazy } from 'react';

/**
 * A page loaded on demand, in its own chunk: the login page does not have to fetch the
 * case list's search index, attachment handling or the admin forms before anyone logs in.
 */
function onDemand<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}

export const CasesPage = onDemand(
  async () => (await import('../features/cases/CasesPage.tsx')).CasesPage,
);
export const NewCasePage = onDemand(
  async () => (await import('../features/cases/NewCasePage.tsx')).NewCasePage,
);
export const CasePage = onDemand(
  async () => (await import('../features/cases/CasePage.tsx')).CasePage,
);
export const MentionsPage = onDemand(
  async () => (await import('../features/mentions/MentionsPage.tsx')).MentionsPage,
);
export const DevicesPage = onDemand(
  async () => (await import('../features/devices/DevicesPage.tsx')).DevicesPage,
);
export const TeamsPage = onDemand(
  async () => (await import('../features/teams/TeamsPage.tsx')).TeamsPage,
);
export const AdminPage = onDemand(
  async () => (await import('../features/admin/AdminPage.tsx')).AdminPage,
);
export const ReferrersPage = onDemand(
  async () => (await import('../features/referrers/ReferrersPage.tsx')).ReferrersPage,
);
export const PartnersPage = onDemand(
  async () => (await import('../features/partners/PartnersPage.tsx')).PartnersPage,
);
export const SheltersPage = onDemand(
  async () => (await import('../features/shelters/SheltersPage.tsx')).SheltersPage,
);
export const AlarmsPage = onDemand(
  async () => (await import('../features/alarms/AlarmsPage.tsx')).AlarmsPage,
);
export const InboxPage = onDemand(
  async () => (await import('../features/inbox/InboxPage.tsx')).InboxPage,
);
export const DashboardPage = onDemand(
  async () => (await import('../features/dashboard/DashboardPage.tsx')).DashboardPage,
);
export const ReportsPage = onDemand(
  async () => (await import('../features/reports/ReportsPage.tsx')).ReportsPage,
);
export const VocabulariesPage = onDemand(
  async () => (await import('../features/vocabularies/VocabulariesPage.tsx')).VocabulariesPage,
);
