import { type Compartment, CompartmentSchema } from '@corridor/protocol';
import { type AuditAction, audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/**
 * What the member's teams hold of a case: per compartment, the teams. A case none of
 * their teams holds answers `not_found` — the same as one that does not exist — for
 * every member, administrators included.
 */
export async function heldCompartments(
  db: Db,
  caseId: string,
  accountId: string,
): Promise<Map<Compartment, string[]>> {
  const rows = await db
    .selectFrom('case_access')
    .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
    .select(['case_access.compartment', 'case_access.team_id'])
    .where('case_access.case_id', '=', caseId)
    .where('team_member.account_id', '=', accountId)
    .execute();
  const held = new Map<Compartment, string[]>();
  for (const row of rows) {
    const compartment = CompartmentSchema.parse(row.compartment);
    held.set(compartment, [...(held.get(compartment) ?? []), row.team_id]);
  }
  return held;
}

/** What a refusal is recorded as: the action asked for, and when. */
export interface RefusalRecord {
  readonly action: AuditAction;
  readonly at: string;
}

/**
 * `heldCompartments`, or `not_found` when the member holds nothing. With `refusal`, the
 * refusal is put in the audit log first (not in a transaction that the refusal would roll
 * back): a member probing cases outside their teams leaves a trace.
 */
export async function requireCaseAccess(
  db: Db,
  caseId: string,
  accountId: string,
  refusal?: RefusalRecord,
): Promise<Map<Compartment, string[]>> {
  const held = await heldCompartments(db, caseId, accountId);
  if (held.size === 0) {
    if (refusal) await audit(db, accountId, 'case.refused', caseId, refusal.at, refusal.action);
    throw new ApiFailure('not_found');
  }
  return held;
}

/** The current key version of each compartment of a case. */
export async function compartmentVersions(db: Db, caseId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('case_compartment_key')
    .select(['compartment', (eb) => eb.fn.max('key_version').as('version')])
    .where('case_id', '=', caseId)
    .groupBy('compartment')
    .execute();
  return new Map(rows.map((row) => [row.compartment, Number(row.version)]));
}
