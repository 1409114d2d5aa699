export {
  type ApiClient,
  type ApiClientOptions,
  type CallInput,
  CorridorApiError,
  createApiClient,
} from './api/api-client.ts';
export {
  type CodeFactor,
  type LogInInput,
  logIn,
  logOut,
  type MemberSession,
  type SecondFactor,
  unlock,
} from './auth/log-in.ts';
export { type RecoverInput, recoverAccount } from './auth/recover.ts';
export {
  type Authenticator,
  enrolSecurityKey,
  listSecurityKeys,
  removeSecurityKey,
  type SecurityKey,
} from './auth/security-keys.ts';
export { type SignUpInput, type SignUpResult, signUp } from './auth/sign-up.ts';
export type { Timeline, TimelineEntry, TimelineProblem } from './cases/case-events.ts';
export { loadTeamKeyring, type TeamKeyring } from './cases/case-keys.ts';
export {
  addNote,
  appendToCase,
  type CaseFields,
  type CaseSummary,
  type CaseView,
  changeWorkflow,
  createCase,
  type DirectoryTeam,
  grantCaseAccess,
  type NewCase,
  openCase,
  revokeCaseAccess,
  updateCompartment,
} from './cases/cases.ts';
export {
  addTeamMember,
  initialiseTeamKey,
  openTeamKeys,
  removeTeamMember,
  type TeamView,
} from './teams/team-keys.ts';
