import {
  getVocabularySettingRoute,
  listVocabularyRecordsRoute,
  putVocabularyRecordRoute,
  putVocabularyTeamRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication, requireRole } from '../auth/session-guard.ts';
import { casePolicy } from '../cases/case-policy.ts';
import { limitCaseWrites } from '../cases/case-write-limit.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import {
  listVocabularyRecords,
  putVocabularyRecord,
  setVocabularyTeam,
  vocabularySetting,
} from './vocabulary-service.ts';

/**
 * The organisation's vocabularies: which team keeps them (every member reads it,
 * administrators choose), and that team's encrypted records (its members only). Writes
 * count against the same per-account limit as case writes.
 */
export function registerVocabularyRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  const writesPerMinute = deps.caseWritesPerMinute ?? casePolicy.writesPerMinute;

  registerRoute(app, getVocabularySettingRoute, async ({ request }) => {
    await authenticate(request, storage, clock);
    return respond(200, await vocabularySetting(storage.db));
  });

  registerRoute(app, putVocabularyTeamRoute, async ({ body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(200, await setVocabularyTeam(storage, admin.accountId, body.teamId, now()));
  });

  registerRoute(app, listVocabularyRecordsRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      records: await listVocabularyRecords(storage, caller.accountId, params.teamId, now()),
    });
  });

  registerRoute(app, putVocabularyRecordRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitCaseWrites(storage.db, caller.accountId, now(), writesPerMinute);
    const version = await putVocabularyRecord(
      storage,
      caller,
      params.teamId,
      params.kind,
      body,
      now(),
    );
    return respond(200, { version });
  });
}
