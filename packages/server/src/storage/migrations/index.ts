import type { Migration } from 'kysely';
import * as organisation from './0001-organisation.ts';
import * as accounts from './0002-accounts.ts';
import * as teams from './0003-teams.ts';
import * as demoFlag from './0004-demo-flag.ts';
import * as recovery from './0005-recovery.ts';
import * as sessionAuthenticatedAt from './0006-session-authenticated-at.ts';
import * as webauthn from './0007-webauthn.ts';
import * as cases from './0008-cases.ts';
import * as caseBlobs from './0009-case-blobs.ts';
import * as caseTasks from './0010-case-tasks.ts';
import * as eventKeyIds from './0011-event-key-ids.ts';
import * as auditDetail from './0012-audit-detail.ts';
import * as caseMentions from './0013-case-mentions.ts';
import * as auditAccountTime from './0014-audit-account-time.ts';
import * as verifiedHeads from './0015-verified-heads.ts';
import * as verification from './0016-verification.ts';
import * as intake from './0017-intake.ts';
import * as intakeHandover from './0018-intake-handover.ts';
import * as telegram from './0019-telegram.ts';
import * as intakeSource from './0020-intake-source.ts';
import * as intakeAttachment from './0021-intake-attachment.ts';
import * as caseOperations from './0022-case-operations.ts';
import * as checkins from './0023-checkins.ts';
import * as shelters from './0024-shelters.ts';
import * as funds from './0025-funds.ts';
import * as referrals from './0026-referrals.ts';
import * as memberAlerts from './0027-member-alerts.ts';
import * as partnerSignature from './0028-partner-signature.ts';
import * as vocabularies from './0029-vocabularies.ts';

/**
 * Every migration, in order. One set runs on both SQLite and PostgreSQL; names sort
 * in the order they must run and are never renamed once released.
 */
export const migrations: Record<string, Migration> = {
  '0001-organisation': organisation,
  '0002-accounts': accounts,
  '0003-teams': teams,
  '0004-demo-flag': demoFlag,
  '0005-recovery': recovery,
  '0006-session-authenticated-at': sessionAuthenticatedAt,
  '0007-webauthn': webauthn,
  '0008-cases': cases,
  '0009-case-blobs': caseBlobs,
  '0010-case-tasks': caseTasks,
  '0011-event-key-ids': eventKeyIds,
  '0012-audit-detail': auditDetail,
  '0013-case-mentions': caseMentions,
  '0014-audit-account-time': auditAccountTime,
  '0015-verified-heads': verifiedHeads,
  '0016-verification': verification,
  '0017-intake': intake,
  '0018-intake-handover': intakeHandover,
  '0019-telegram': telegram,
  '0020-intake-source': intakeSource,
  '0021-intake-attachment': intakeAttachment,
  '0022-case-operations': caseOperations,
  '0023-checkins': checkins,
  '0024-shelters': shelters,
  '0025-funds': funds,
  '0026-referrals': referrals,
  '0027-member-alerts': memberAlerts,
  '0028-partner-signature': partnerSignature,
  '0029-vocabularies': vocabularies,
};
