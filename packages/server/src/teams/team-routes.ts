import {
  addTeamMemberRoute,
  createTeamRoute,
  findAccountRoute,
  getAccountKeysRoute,
  initialiseTeamKeyRoute,
  listTeamsRoute,
  removeTeamMemberRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication, requireRole } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import {
  addMember,
  createTeam,
  initialiseTeamKey,
  listTeams,
  removeMember,
  teamOfMember,
} from './team-service.ts';

/** Teams and their keys. Every route needs a session; only members see or change a team. */
export function registerTeamRoutes(app: FastifyInstance, { storage, clock }: AuthDeps): void {
  registerRoute(app, createTeamRoute, async ({ body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(201, await createTeam(storage, clock, admin, body));
  });

  registerRoute(app, listTeamsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, { teams: await listTeams(storage, caller) });
  });

  registerRoute(app, teamDirectoryRoute, async ({ request }) => {
    await authenticate(request, storage, clock);
    const teams = await storage.db
      .selectFrom('team')
      .select(['id', 'name', 'key_version', 'box_public_key'])
      .where('key_version', '>=', 1)
      .orderBy('name')
      .limit(1_000)
      .execute();
    return respond(200, {
      teams: teams.map((t) => ({
        id: t.id,
        name: t.name,
        keyVersion: t.key_version,
        boxPublicKey: t.box_public_key ?? '',
      })),
    });
  });

  registerRoute(app, initialiseTeamKeyRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await teamOfMember(storage.db, params.teamId, caller.accountId);
    requireRecentAuthentication(caller, clock);
    await initialiseTeamKey(storage, caller, params.teamId, body);
    return respond(200, { ok: true as const });
  });

  registerRoute(app, addTeamMemberRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    // Membership first, so a non-member learns nothing about the team.
    await teamOfMember(storage.db, params.teamId, caller.accountId);
    requireRecentAuthentication(caller, clock);
    await addMember(storage, clock, caller, params.teamId, body);
    return respond(200, { ok: true as const });
  });

  registerRoute(app, removeTeamMemberRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    // Membership first, so a non-member learns nothing about the team.
    await teamOfMember(storage.db, params.teamId, caller.accountId);
    requireRecentAuthentication(caller, clock);
    await removeMember(storage, caller, params.teamId, params.accountId, body);
    return respond(200, { ok: true as const });
  });

  const publicKeys = async (column: 'id' | 'handle', value: string) => {
    let query = storage.db
      .selectFrom('account')
      .select(['id', 'handle', 'status', 'box_public_key', 'sign_public_key'])
      .where(column, '=', value);
    // By handle: only someone who can still be added. By id: anyone who ever granted a key.
    if (column === 'handle') query = query.where('status', '=', 'active');
    const account = await query.executeTakeFirst();
    if (!account) throw new ApiFailure('not_found');
    return {
      accountId: account.id,
      handle: account.handle,
      status: account.status,
      boxPublicKey: account.box_public_key,
      signPublicKey: account.sign_public_key,
    };
  };

  registerRoute(app, getAccountKeysRoute, async ({ params, request }) => {
    await authenticate(request, storage, clock);
    return respond(200, await publicKeys('id', params.accountId));
  });

  registerRoute(app, findAccountRoute, async ({ params, request }) => {
    await authenticate(request, storage, clock);
    return respond(200, await publicKeys('handle', params.handle));
  });
}
