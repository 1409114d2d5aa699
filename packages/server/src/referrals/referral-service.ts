import {
  type CreateReferralBody,
  canMoveReferral,
  maxEventsPerCase,
  maxReferralsPerCase,
  type ReferralSchema,
  type ReferralState,
  ReferralStateSchema,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { heldCompartments } from '../cases/case-access.ts';
import { appendEvent } from '../cases/case-events.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { activePartner } from '../partners/partner-service.ts';
import type { Storage } from '../storage/storage.ts';
import type { ReferralTable } from './referral-tables.ts';

type Db = Storage['db'];
type ReferralView = z.input<typeof ReferralSchema>;

/**
 * Referrals belong to whoever may read the case's `general` (where the `referral.sent`
 * event is): anyone else — administrators too — gets `not_found`, with the refusal on
 * record, as for a case that does not exist.
 */
export async function requireGeneral(
  db: Db,
  caseId: string,
  accountId: string,
  now: string,
  action: string,
): Promise<void> {
  const held = await heldCompartments(db, caseId, accountId);
  if (!held.has('general')) {
    await audit(db, accountId, 'case.refused', caseId, now, action);
    throw new ApiFailure('not_found');
  }
}

async function referralViews(db: Db, rows: readonly ReferralTable[]): Promise<ReferralView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [changes, partners] = await Promise.all([
    db
      .selectFrom('referral_change')
      .selectAll()
      .where('referral_id', 'in', ids)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('partner')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((row) => row.partner_id))])
      .execute(),
  ]);
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    partnerId: row.partner_id,
    partnerName: nameOf.get(row.partner_id) ?? '',
    state: ReferralStateSchema.parse(row.state),
    fields: JSON.parse(row.fields) as string[],
    consent: row.consent as 'consent' | 'override',
    mode: row.mode as 'sealed' | 'password',
    packageSha256: row.package_sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    changes: changes
      .filter((c) => c.referral_id === row.id)
      .map((c) => ({ state: ReferralStateSchema.parse(c.state), at: c.at, by: c.by })),
  }));
}

/** A case's referrals, newest first. */
export async function listCaseReferrals(
  storage: Storage,
  accountId: string,
  caseId: string,
  now: string,
): Promise<ReferralView[]> {
  await requireGeneral(storage.db, caseId, accountId, now, 'referral.list');
  await audit(storage.db, accountId, 'referral.list', caseId, now);
  const rows = await storage.db
    .selectFrom('referral')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(maxReferralsPerCase)
    .execute();
  return referralViews(storage.db, rows);
}

/** What the partner's notice needs: where to send it. Nothing of the case. */
export interface CreatedReferral {
  readonly referral: ReferralView;
  readonly version: number;
  readonly notify: { readonly email: string; readonly partnerName: string } | null;
}

/**
 * Records a referral and its signed `referral.sent` event in one transaction: the partner
 * must exist and, for a sealed package, have a key (`partner_has_no_key`); the event must
 * be `referral.sent` in `general` and pass every check an ordinary event does. Anything
 * refused leaves the case, the referral list and the audit log as they were.
 */
export async function createReferral(
  storage: Storage,
  accountId: string,
  caseId: string,
  body: z.infer<typeof CreateReferralBody>,
  now: string,
): Promise<CreatedReferral> {
  await requireGeneral(storage.db, caseId, accountId, now, 'referral.sent');
  if (body.expectedVersion >= maxEventsPerCase) throw new ApiFailure('event_limit_reached');
  if (body.event.kind !== 'referral.sent' || body.event.compartment !== 'general') {
    throw new ApiFailure('invalid_request');
  }
  if (body.event.keyIds !== undefined || body.event.operation !== undefined) {
    throw new ApiFailure('invalid_request');
  }
  const fields = [...new Set(body.fields)].sort();
  return storage.db.transaction().execute(async (trx) => {
    const partner = await activePartner(trx, body.partnerId);
    if (body.mode === 'sealed' && !partner.public_key) {
      throw new ApiFailure('partner_has_no_key');
    }
    const { n } = await trx
      .selectFrom('referral')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= maxReferralsPerCase) throw new ApiFailure('invalid_request');
    const version = await appendEvent(
      trx,
      caseId,
      accountId,
      body.expectedVersion,
      body.event,
      now,
    );
    const row: ReferralTable = {
      id: body.referralId,
      case_id: caseId,
      partner_id: partner.id,
      state: 'sent',
      fields: JSON.stringify(fields),
      consent: body.consent,
      mode: body.mode,
      package_sha256: body.packageSha256,
      response_digest: body.responseDigest,
      created_by: accountId,
      created_at: now,
      updated_at: now,
    };
    // An id or response digest already used is a unique violation: `conflict`.
    await trx.insertInto('referral').values(row).execute();
    await trx
      .insertInto('referral_change')
      .values({ referral_id: row.id, seq: 1, state: 'sent', at: now, by: accountId })
      .execute();
    await audit(trx, accountId, 'case.write', caseId, now);
    await audit(
      trx,
      accountId,
      'referral.sent',
      caseId,
      now,
      `${row.id} to ${partner.id} ${body.mode} ${body.consent} fields ${fields.join(',')}`,
    );
    const [referral] = await referralViews(trx, [row]);
    if (!referral) throw new ApiFailure('internal');
    return {
      referral,
      version,
      notify: partner.notification_email
        ? { email: partner.notification_email, partnerName: partner.name }
        : null,
    };
  });
}

/**
 * Moves a referral to `to` if `who` may from where it is now (else `conflict`), and records
 * the change. `by` null: the partner, through their link.
 */
async function moveReferral(
  trx: Db,
  row: ReferralTable,
  who: 'partner' | 'coordinator',
  to: ReferralState,
  by: string | null,
  now: string,
): Promise<void> {
  const from = ReferralStateSchema.parse(row.state);
  if (!canMoveReferral(who, from, to)) throw new ApiFailure('conflict');
  const moved = await trx
    .updateTable('referral')
    .set({ state: to, updated_at: now })
    .where('id', '=', row.id)
    .where('state', '=', from)
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
  const { n } = await trx
    .selectFrom('referral_change')
    .select((eb) => eb.fn.max('seq').as('n'))
    .where('referral_id', '=', row.id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('referral_change')
    .values({ referral_id: row.id, seq: Number(n ?? 0) + 1, state: to, at: now, by })
    .execute();
  await audit(
    trx,
    by ?? row.created_by,
    'referral.state',
    row.case_id,
    now,
    `${row.id} ${to}${by === null ? ' by partner' : ''}`,
  );
}

/** The coordinator withdraws a referral that is `sent` or `accepted`. */
export async function revokeReferral(
  storage: Storage,
  accountId: string,
  caseId: string,
  referralId: string,
  now: string,
): Promise<ReferralView> {
  await requireGeneral(storage.db, caseId, accountId, now, 'referral.state');
  return storage.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', referralId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw new ApiFailure('not_found');
    await moveReferral(trx, row, 'coordinator', 'revoked', accountId, now);
    const [view] = await referralViews(trx, [{ ...row, state: 'revoked', updated_at: now }]);
    if (!view) throw new ApiFailure('internal');
    return view;
  });
}

/** What the partner's page shows: the state and to whom it was made. Nothing of the case. */
export interface PartnerReferralView {
  readonly state: ReferralState;
  readonly partnerName: string;
  readonly createdAt: string;
}

/** The referral a response token's digest names, or null. */
export async function referralByResponse(
  db: Db,
  responseDigest: string,
): Promise<(ReferralTable & { partner_name: string }) | null> {
  const row = await db
    .selectFrom('referral')
    .innerJoin('partner', 'partner.id', 'referral.partner_id')
    .selectAll('referral')
    .select('partner.name as partner_name')
    .where('referral.response_digest', '=', responseDigest)
    .executeTakeFirst();
  return row ?? null;
}

/** The partner's answer through their link: accept, decline, or done (after accepting). */
export async function answerReferral(
  storage: Storage,
  responseDigest: string,
  to: ReferralState,
  now: string,
): Promise<PartnerReferralView> {
  return storage.db.transaction().execute(async (trx) => {
    const row = await referralByResponse(trx, responseDigest);
    if (!row) throw new ApiFailure('not_found');
    await moveReferral(trx, row, 'partner', to, null, now);
    return { state: to, partnerName: row.partner_name, createdAt: row.created_at };
  });
}
