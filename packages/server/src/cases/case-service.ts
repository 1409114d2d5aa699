import { caseGenesisDigest } from '@corridor/crypto';
import {
  type AppendEventBody,
  type CaseDetail,
  type CaseListQuery,
  type CaseSummarySchema,
  type Compartment,
  type CompartmentGrantSchema,
  CompartmentSchema,
  type CreateCaseBody,
  type GrantAccessBody,
  maxEventsPerCase,
  maxKeyVersions,
  noVerification,
  type RevokeAccessBody,
  type Role,
  StageSchema,
} from '@corridor/protocol';
import type { z } from 'zod';
import { attachBlob } from '../attachments/attachment-service.ts';
import { audit, auditEach } from '../audit/audit-log.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { compartmentVersions, heldCompartments, requireCaseAccess } from './case-access.ts';
import {
  appendEvent,
  assertAssignable,
  eventView,
  insertEvent,
  nextWorkflow,
  verifyEventSignature,
} from './case-events.ts';
import { verificationColumns, verificationOf } from './case-verification.ts';

type Db = Storage['db'];
type Grant = z.infer<typeof CompartmentGrantSchema>;

/**
 * Kinds written only by the endpoints that open a case or change its access — and
 * `referral.sent`, written only with the referral it records (referrals/referral-service.ts).
 */
const accessKinds = new Set([
  'case.opened',
  'access.granted',
  'access.revoked',
  'key.rotated',
  'referral.sent',
]);

/** The new keys an event says it brings in, as `compartment/version` — sorted. */
const committedKeys = (keyIds: readonly { compartment: string; keyVersion: number }[] = []) =>
  keyIds.map((k) => `${k.compartment}/${k.keyVersion}`).sort();

/** The roles that open cases: the hotline answers first contact, coordinators own cases. */
const openers: readonly Role[] = ['hotline_operator', 'case_coordinator'];

/**
 * A grant may name a team only at its current key version, and a team with no key yet
 * cannot hold anything.
 */
async function assertTeamsCurrent(db: Db, grants: readonly Grant[]): Promise<void> {
  const teamIds = [...new Set(grants.map((g) => g.teamId))];
  if (teamIds.length === 0) return;
  const teams = await db
    .selectFrom('team')
    .select(['id', 'key_version'])
    .where('id', 'in', teamIds)
    .execute();
  const version = new Map(teams.map((t) => [t.id, t.key_version]));
  for (const grant of grants) {
    const current = version.get(grant.teamId);
    if (current === undefined || current < 1 || current !== grant.teamKeyVersion) {
      throw new ApiFailure('invalid_request');
    }
  }
}

async function memberTeamIds(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('account_id', '=', accountId)
    .execute();
  return new Set(rows.map((r) => r.team_id));
}

function summaryOf(
  row: {
    id: string;
    stage: string;
    closed_reason: string | null;
    assignee_id: string | null;
    risk_level: number;
    version: number;
    created_at: string;
    updated_at: string;
    verification: string;
    verification_proposal_seq: number | null;
    verification_proposed_by: string | null;
    verification_override_seq: number | null;
  },
  compartments: readonly Compartment[],
  tasks: TaskStats = noTasks,
): z.input<typeof CaseSummarySchema> {
  return {
    id: row.id,
    stage: StageSchema.parse(row.stage),
    closedReason: row.closed_reason as z.input<typeof CaseSummarySchema>['closedReason'],
    assigneeId: row.assignee_id,
    riskLevel: row.risk_level,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    compartments: [...compartments].sort(),
    openTasks: tasks.open,
    nextDueAt: tasks.nextDueAt,
    verification: verificationOf(row),
  };
}

interface TaskStats {
  readonly open: number;
  readonly nextDueAt: string | null;
}
const noTasks: TaskStats = { open: 0, nextDueAt: null };

/** Per case, how many tasks are open and when the first of them is due. */
async function taskStats(db: Db, caseIds: readonly string[]): Promise<Map<string, TaskStats>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_task')
    .select([
      'case_id',
      (eb) => eb.fn.countAll<number>().as('open'),
      (eb) => eb.fn.min('due_at').as('next_due_at'),
    ])
    .where('case_id', 'in', [...caseIds])
    .where('done_at', 'is', null)
    .groupBy('case_id')
    .execute();
  return new Map(
    rows.map((r) => [r.case_id, { open: Number(r.open), nextDueAt: r.next_due_at ?? null }]),
  );
}

async function accessRows(
  db: Db,
  caseId: string,
  grants: readonly Grant[],
  by: string,
  at: string,
) {
  if (grants.length === 0) return;
  await db
    .insertInto('case_access')
    .values(
      grants.map((g) => ({
        case_id: caseId,
        compartment: g.compartment,
        team_id: g.teamId,
        key_version: g.keyVersion,
        team_key_version: g.teamKeyVersion,
        sealed_key: g.sealedKey,
        granted_by: by,
        granted_at: at,
      })),
    )
    .execute();
}

/**
 * Opens a case: the first event (`case.opened`, signed, chained from the case's genesis
 * digest) and every compartment key at version 1 sealed to the teams chosen. The author
 * must be in a team given `general`, or they would lock themselves out of their own case.
 */
export async function createCase(
  storage: Storage,
  caller: Authenticated,
  body: z.infer<typeof CreateCaseBody>,
  now: string,
): Promise<z.input<typeof CaseSummarySchema>> {
  if (!caller.roles.some((role) => openers.includes(role))) throw new ApiFailure('forbidden');
  const { event, grants } = body;
  const pairs = new Set(grants.map((g) => `${g.compartment}/${g.teamId}`));
  if (pairs.size !== grants.length || grants.some((g) => g.keyVersion !== 1)) {
    throw new ApiFailure('invalid_request');
  }
  const mine = await memberTeamIds(storage.db, caller.accountId);
  if (!grants.some((g) => g.compartment === 'general' && mine.has(g.teamId))) {
    throw new ApiFailure('invalid_request');
  }
  const compartmentsGranted = [...new Set(grants.map((g) => `${g.compartment}/1`))].sort();
  if (
    committedKeys(event.keyIds).join() !== compartmentsGranted.join() ||
    event.seq !== 1 ||
    event.task !== undefined ||
    event.kind !== 'case.opened' ||
    event.keyVersion !== 1 ||
    event.prevHash !== caseGenesisDigest(body.id)
  ) {
    throw new ApiFailure('invalid_request');
  }
  await assertTeamsCurrent(storage.db, grants);
  const { payloadDigest, hash } = await verifyEventSignature(
    storage.db,
    { caseId: body.id, authorId: caller.accountId, current: null },
    event,
  );
  // The assignee is checked once the access rows exist: they must be able to read it.
  const { assigneeId, ...opening } = event.workflow ?? {};
  const state = await nextWorkflow(storage.db, body.id, null, {
    ...event,
    workflow: event.workflow && opening,
  });
  if (!state) throw new ApiFailure('invalid_request');

  return storage.db.transaction().execute(async (trx) => {
    const row = {
      id: body.id,
      ...state,
      ...verificationColumns(noVerification),
      version: 1,
      last_hash: hash,
      created_by: caller.accountId,
      created_at: now,
      updated_at: now,
    };
    // A taken id is a primary-key violation: `conflict`.
    await trx.insertInto('case_file').values(row).execute();
    const compartments = [...new Set(grants.map((g) => g.compartment))];
    await trx
      .insertInto('case_compartment_key')
      .values(
        compartments.map((compartment) => ({
          case_id: body.id,
          compartment,
          key_version: 1,
          previous_key_wrapped: null,
          created_at: now,
        })),
      )
      .execute();
    await accessRows(trx, body.id, grants, caller.accountId, now);
    if (assigneeId) {
      await assertAssignable(trx, body.id, assigneeId);
      await trx
        .updateTable('case_file')
        .set({ assignee_id: assigneeId })
        .where('id', '=', body.id)
        .execute();
      row.assignee_id = assigneeId;
    }
    await insertEvent(trx, body.id, caller.accountId, event, payloadDigest, now);
    await audit(trx, caller.accountId, 'case.create', body.id, now);
    const held = grants.filter((g) => mine.has(g.teamId)).map((g) => g.compartment);
    return summaryOf(row, [...new Set(held)]);
  });
}

/** The cases the member's teams hold, filtered on what the server may see. */
export async function listCases(
  storage: Storage,
  caller: Authenticated,
  query: z.infer<typeof CaseListQuery>,
  now: string,
): Promise<z.input<typeof CaseSummarySchema>[]> {
  // That the member looked, not what they saw: the list is the server's to rebuild.
  await audit(storage.db, caller.accountId, 'case.list', null, now);
  const held = await storage.db
    .selectFrom('case_access')
    .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
    .select(['case_access.case_id', 'case_access.compartment'])
    .where('team_member.account_id', '=', caller.accountId)
    .execute();
  const byCase = new Map<string, Set<Compartment>>();
  for (const row of held) {
    const set = byCase.get(row.case_id) ?? new Set();
    set.add(CompartmentSchema.parse(row.compartment));
    byCase.set(row.case_id, set);
  }
  if (byCase.size === 0) return [];
  // The member's cases as a subquery, not a list of ids: no bound on how many.
  let select = storage.db
    .selectFrom('case_file')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('case_access')
        .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
        .select('case_access.case_id')
        .where('team_member.account_id', '=', caller.accountId),
    );
  if (query.stage) select = select.where('stage', '=', query.stage);
  if (query.assigneeId) select = select.where('assignee_id', '=', query.assigneeId);
  if (query.minRisk !== undefined) select = select.where('risk_level', '>=', query.minRisk);
  if (query.verification) select = select.where('verification', '=', query.verification);
  if (query.overdue) {
    // In SQL, before the limit: overdue cases are often the stale ones at the end.
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_task')
          .select('case_task.id')
          .whereRef('case_task.case_id', '=', 'case_file.id')
          .where('case_task.done_at', 'is', null)
          .where('case_task.due_at', '<', now),
      ),
    );
  }
  const rows = await select.orderBy('updated_at', 'desc').limit(20_000).execute();
  const stats = await taskStats(
    storage.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => summaryOf(row, [...(byCase.get(row.id) ?? [])], stats.get(row.id)));
}

type Detail = z.input<typeof CaseDetail>;

/**
 * The cases among `caseIds` the member's teams hold, as they may see them: every event's
 * header (so the whole chain can be checked), payloads and keys only of the compartments
 * their teams hold. Read in one snapshot (repeatable read) so a case's summary, events
 * and keys agree while others write to it. Each case read, and each id refused (not
 * held or not there: the same to the caller), is audited in the same transaction.
 * @returns the readable cases, in the order first asked for
 */
async function readCases(
  storage: Storage,
  caller: Authenticated,
  caseIds: readonly string[],
  now: string,
): Promise<Map<string, Detail>> {
  const ids = [...new Set(caseIds)];
  const snapshot = storage.db.transaction().setIsolationLevel('repeatable read');
  return snapshot.execute(async (trx) => {
    const heldRows = await trx
      .selectFrom('case_access')
      .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
      .select(['case_access.case_id', 'case_access.compartment'])
      .where('case_access.case_id', 'in', ids)
      .where('team_member.account_id', '=', caller.accountId)
      .execute();
    const held = new Map<string, Set<Compartment>>();
    for (const row of heldRows) {
      const set = held.get(row.case_id) ?? new Set();
      set.add(CompartmentSchema.parse(row.compartment));
      held.set(row.case_id, set);
    }
    const readable = ids.filter((id) => held.has(id));
    await auditEach(
      trx,
      caller.accountId,
      'case.refused',
      ids.filter((id) => !held.has(id)),
      now,
      'case.read',
    );
    if (readable.length === 0) return new Map();

    const rows = await trx
      .selectFrom('case_file')
      .selectAll()
      .where('id', 'in', readable)
      .execute();
    const mine = await memberTeamIds(trx, caller.accountId);
    const access = await trx
      .selectFrom('case_access')
      .innerJoin('team', 'team.id', 'case_access.team_id')
      .select([
        'case_access.case_id',
        'case_access.compartment',
        'case_access.team_id',
        'case_access.key_version',
        'case_access.team_key_version',
        'case_access.sealed_key',
        'team.name',
      ])
      .where('case_access.case_id', 'in', readable)
      .orderBy('case_access.compartment')
      .orderBy('case_access.team_id')
      .execute();
    const chain = await trx
      .selectFrom('case_compartment_key')
      .select(['case_id', 'compartment', 'key_version', 'previous_key_wrapped'])
      .where('case_id', 'in', readable)
      .where('previous_key_wrapped', 'is not', null)
      .orderBy('compartment')
      .orderBy('key_version')
      .execute();
    const events = await trx
      .selectFrom('case_event')
      .selectAll()
      .where('case_id', 'in', readable)
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
    const tasks = await trx
      .selectFrom('case_task')
      .selectAll()
      .where('case_id', 'in', readable)
      .orderBy('due_at')
      .orderBy('id')
      .execute();
    const stats = await taskStats(trx, readable);
    await auditEach(trx, caller.accountId, 'case.read', readable, now);

    const byCase = <T extends { case_id: string }>(list: readonly T[]) => {
      const grouped = new Map<string, T[]>();
      for (const item of list)
        grouped.set(item.case_id, [...(grouped.get(item.case_id) ?? []), item]);
      return grouped;
    };
    const rowOf = new Map(rows.map((row) => [row.id, row]));
    const accessOf = byCase(access);
    const chainOf = byCase(chain);
    const eventsOf = byCase(events);
    const tasksOf = byCase(tasks);
    const details = new Map<string, Detail>();
    for (const caseId of readable) {
      const row = rowOf.get(caseId);
      const compartments = held.get(caseId);
      if (!row || !compartments) continue;
      const holds = (compartment: string) => compartments.has(compartment as Compartment);
      const caseAccess = accessOf.get(caseId) ?? [];
      details.set(caseId, {
        summary: summaryOf(row, [...compartments], stats.get(caseId)),
        tasks: (tasksOf.get(caseId) ?? []).slice(0, 10_000).map((task) => ({
          id: task.id,
          dueAt: task.due_at,
          assigneeId: task.assignee_id,
          createdBy: task.created_by,
          createdAt: task.created_at,
          doneAt: task.done_at,
          doneBy: task.done_by,
        })),
        keys: caseAccess
          .filter((a) => mine.has(a.team_id))
          .map((a) => ({
            compartment: CompartmentSchema.parse(a.compartment),
            keyVersion: a.key_version,
            teamId: a.team_id,
            teamKeyVersion: a.team_key_version,
            sealedKey: a.sealed_key,
          })),
        keyChain: (chainOf.get(caseId) ?? [])
          .filter((c) => holds(c.compartment))
          .map((c) => ({
            compartment: CompartmentSchema.parse(c.compartment),
            keyVersion: c.key_version,
            wrappedKey: c.previous_key_wrapped ?? '',
          })),
        access: caseAccess.map((a) => ({
          compartment: CompartmentSchema.parse(a.compartment),
          teamId: a.team_id,
          teamName: a.name,
        })),
        events: (eventsOf.get(caseId) ?? []).map((e) => eventView(e, holds(e.compartment))),
      });
    }
    return details;
  });
}

/** A case as the member may see it (`readCases`); `not_found` when their teams hold none of it. */
export async function getCase(
  storage: Storage,
  caller: Authenticated,
  caseId: string,
  now: string,
): Promise<Detail> {
  const detail = (await readCases(storage, caller, [caseId], now)).get(caseId);
  if (!detail) throw new ApiFailure('not_found');
  return detail;
}

/**
 * Several cases as `getCase` answers each, in one snapshot; those the member's teams do
 * not hold, or that do not exist, are left out alike.
 */
export async function getCaseBatch(
  storage: Storage,
  caller: Authenticated,
  caseIds: readonly string[],
  now: string,
): Promise<Detail[]> {
  return [...(await readCases(storage, caller, caseIds, now)).values()];
}

/**
 * Appends an event (a note, a change to a compartment, a workflow move, an attachment).
 * `attachment.added` must name the caller's finished upload (`blobId`), which it keeps.
 */
export async function appendCaseEvent(
  storage: Storage,
  caller: Authenticated,
  caseId: string,
  body: z.infer<typeof AppendEventBody>,
  now: string,
): Promise<number> {
  await requireCaseAccess(storage.db, caseId, caller.accountId, { action: 'case.write', at: now });
  // Versions only grow: one the author saw at the cap means the case is full (a version
  // the case never had is refused as a `conflict` anyway).
  if (body.expectedVersion >= maxEventsPerCase) throw new ApiFailure('event_limit_reached');
  const { blobId } = body;
  if ((body.event.kind === 'attachment.added') !== (blobId !== undefined)) {
    throw new ApiFailure('invalid_request');
  }
  // Opening a case and changing who reads it have endpoints of their own, which do what
  // these events record; a bare event of those kinds would record what did not happen.
  if (accessKinds.has(body.event.kind) || body.event.keyIds !== undefined) {
    throw new ApiFailure('invalid_request');
  }
  return storage.db.transaction().execute(async (trx) => {
    const version = await appendEvent(
      trx,
      caseId,
      caller.accountId,
      body.expectedVersion,
      body.event,
      now,
    );
    if (blobId !== undefined) await attachBlob(trx, caseId, blobId, caller.accountId, version);
    await audit(trx, caller.accountId, 'case.write', caseId, now);
    return version;
  });
}

/**
 * Gives a team a compartment: the caller must hold it (only a holder can seal its key),
 * the grant is at the compartment's current key and the team's current key, and an
 * `access.granted` event records it — all or nothing.
 */
export async function grantAccess(
  storage: Storage,
  caller: Authenticated,
  caseId: string,
  body: z.infer<typeof GrantAccessBody>,
  now: string,
): Promise<number> {
  const held = await requireCaseAccess(storage.db, caseId, caller.accountId);
  const { grant, event } = body;
  if (!held.has(grant.compartment)) throw new ApiFailure('forbidden');
  if (
    event.kind !== 'access.granted' ||
    event.compartment !== 'general' ||
    event.keyIds !== undefined
  ) {
    throw new ApiFailure('invalid_request');
  }
  return storage.db.transaction().execute(async (trx) => {
    // Inside the transaction: a team key rotated meanwhile makes the grant stale.
    await assertTeamsCurrent(trx, [grant]);
    const versions = await compartmentVersions(trx, caseId);
    if (versions.get(grant.compartment) !== grant.keyVersion) {
      throw new ApiFailure('invalid_request');
    }
    // The team already holding it is a primary-key violation: `conflict`.
    await accessRows(trx, caseId, [grant], caller.accountId, now);
    return recordAccessChange(
      trx,
      caller.accountId,
      caseId,
      body.expectedVersion,
      event,
      now,
      `grant ${grant.compartment} ${grant.teamId}`,
    );
  });
}

/**
 * Takes a compartment from a team by giving it a new key: version + 1, sealed to every
 * other team that held it (exactly those), the previous key wrapped under the new one
 * for the older events. The team keeps what it may have copied, but cannot open
 * anything written afterwards. No part is left without a team holding it. With no team
 * named, every team keeps the compartment under the new key (`key.rotated`): for when
 * a member left a team that held it.
 */
export async function revokeAccess(
  storage: Storage,
  caller: Authenticated,
  caseId: string,
  body: z.infer<typeof RevokeAccessBody>,
  now: string,
): Promise<number> {
  const held = await requireCaseAccess(storage.db, caseId, caller.accountId);
  const { compartment, teamId, grants, event } = body;
  if (!held.has(compartment)) throw new ApiFailure('forbidden');
  if (
    event.kind !== (teamId === null ? 'key.rotated' : 'access.revoked') ||
    event.compartment !== 'general'
  ) {
    throw new ApiFailure('invalid_request');
  }
  // Taking a part from another team is for a case coordinator, the case's opener or its
  // assignee; any member may take it from their own team (leave), and any holder may
  // give it a new key. A shelter team holding `general` cannot shut the hotline out.
  if (teamId !== null) {
    const ownTeams = await memberTeamIds(storage.db, caller.accountId);
    const owners = await storage.db
      .selectFrom('case_file')
      .select(['created_by', 'assignee_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const decides =
      caller.roles.includes('case_coordinator') ||
      owners.created_by === caller.accountId ||
      owners.assignee_id === caller.accountId;
    if (!ownTeams.has(teamId) && !decides) throw new ApiFailure('forbidden');
  }
  return storage.db.transaction().execute(async (trx) => {
    // Inside the transaction: a team key rotated meanwhile makes these grants stale.
    await assertTeamsCurrent(trx, grants);
    const holders = await trx
      .selectFrom('case_access')
      .select('team_id')
      .where('case_id', '=', caseId)
      .where('compartment', '=', compartment)
      .execute();
    const keeping = holders.map((h) => h.team_id).filter((id) => id !== teamId);
    if (teamId !== null && keeping.length === holders.length) throw new ApiFailure('not_found');
    // No part is left without a holder: destroying a part is the burn's business.
    if (keeping.length === 0) throw new ApiFailure('invalid_request');
    const versions = await compartmentVersions(trx, caseId);
    const next = (versions.get(compartment) ?? 0) + 1;
    if (next > maxKeyVersions) throw new ApiFailure('key_version_limit_reached');
    if (committedKeys(event.keyIds).join() !== `${compartment}/${next}`) {
      throw new ApiFailure('invalid_request');
    }
    const granted = grants.map((g) => g.teamId).sort();
    if (
      grants.some((g) => g.compartment !== compartment || g.keyVersion !== next) ||
      granted.join() !== [...keeping].sort().join()
    ) {
      throw new ApiFailure('invalid_request');
    }
    await trx
      .deleteFrom('case_access')
      .where('case_id', '=', caseId)
      .where('compartment', '=', compartment)
      .execute();
    await trx
      .insertInto('case_compartment_key')
      .values({
        case_id: caseId,
        compartment,
        key_version: next,
        previous_key_wrapped: body.previousKeyWrapped,
        created_at: now,
      })
      .execute();
    await accessRows(trx, caseId, grants, caller.accountId, now);
    // The caller may have just revoked their own team: the event is checked against
    // what they hold after the change.
    const stillHeld = await heldCompartments(trx, caseId, caller.accountId);
    if (!stillHeld.has('general')) throw new ApiFailure('invalid_request');
    return recordAccessChange(
      trx,
      caller.accountId,
      caseId,
      body.expectedVersion,
      event,
      now,
      teamId === null ? `rekey ${compartment}` : `revoke ${compartment} ${teamId}`,
    );
  });
}

/**
 * The event that records an access change, and its audit entry (part and team), in the
 * transaction that made the change.
 * @returns the case's new version
 */
async function recordAccessChange(
  trx: Db,
  accountId: string,
  caseId: string,
  expectedVersion: number,
  event: Parameters<typeof appendEvent>[4],
  now: string,
  detail: string,
): Promise<number> {
  const version = await appendEvent(trx, caseId, accountId, expectedVersion, event, now);
  await audit(trx, accountId, 'case.access', caseId, now, detail);
  return version;
}
