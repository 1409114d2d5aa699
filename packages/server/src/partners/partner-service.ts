import {
  type CreatePartnerBody,
  maxPartners,
  type PartnerInputSchema,
  type PartnerSchema,
  partnerRecordPurpose,
  partnerRecordStatement,
  type UpdatePartnerBody,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { PartnerTable } from '../referrals/referral-tables.ts';
import { requireSignature } from '../shelters/shelter-access.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];
type PartnerInput = z.infer<typeof PartnerInputSchema>;

export function partnerView(
  row: PartnerTable,
  administrators: ReadonlySet<string>,
): z.input<typeof PartnerSchema> {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    publicKey: row.public_key,
    notificationEmail: row.notification_email,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    signature: row.record_signature,
    signedBy: row.signed_by,
    signerIsAdministrator: row.signed_by !== null && administrators.has(row.signed_by),
  };
}

/** Of these accounts, the ones holding the administrator role now. */
async function administratorsAmong(db: Db, ids: readonly (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom('account_role')
    .select('account_id')
    .where('account_id', 'in', wanted)
    .where('role', '=', 'administrator')
    .execute();
  return new Set(rows.map((r) => r.account_id));
}

/**
 * Refuses (`invalid_request`) a record the saving administrator did not sign for this
 * version. The server checks only to keep garbage out: the referring browser checks the
 * signature itself, since a breached server would skip this.
 */
async function requireRecordSignature(
  db: Db,
  adminId: string,
  record: PartnerInput & { id: string; version: number },
): Promise<void> {
  await requireSignature(
    db,
    adminId,
    partnerRecordPurpose,
    partnerRecordStatement(record),
    record.signature,
  );
}

const columns = (input: PartnerInput) => ({
  name: input.name,
  country: input.country,
  public_key: input.publicKey,
  notification_email: input.notificationEmail,
});

/** Partners not removed, by name. */
export async function listPartners(db: Db): Promise<z.input<typeof PartnerSchema>[]> {
  const rows = await db
    .selectFrom('partner')
    .selectAll()
    .where('removed_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .limit(maxPartners)
    .execute();
  const administrators = await administratorsAmong(
    db,
    rows.map((r) => r.signed_by),
  );
  return rows.map((row) => partnerView(row, administrators));
}

/** A partner not removed, or `not_found`. */
export async function activePartner(db: Db, partnerId: string): Promise<PartnerTable> {
  const row = await db
    .selectFrom('partner')
    .selectAll()
    .where('id', '=', partnerId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  return row;
}

export async function createPartner(
  storage: Storage,
  adminId: string,
  input: z.infer<typeof CreatePartnerBody>,
  now: string,
): Promise<z.input<typeof PartnerSchema>> {
  return storage.db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('partner')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(n) >= maxPartners) throw new ApiFailure('invalid_request');
    const taken = await trx
      .selectFrom('partner')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (taken) throw new ApiFailure('conflict');
    await requireRecordSignature(trx, adminId, { ...input, version: 1 });
    const row: PartnerTable = {
      id: input.id,
      ...columns(input),
      version: 1,
      created_at: now,
      updated_at: now,
      removed_at: null,
      record_signature: input.signature,
      signed_by: adminId,
    };
    await trx.insertInto('partner').values(row).execute();
    await audit(trx, adminId, 'partner.write', null, now, `${row.id} create`);
    return partnerView(row, new Set([adminId]));
  });
}

/** Replaces a partner's details if `expectedVersion` is current (else `conflict`). */
export async function updatePartner(
  storage: Storage,
  adminId: string,
  partnerId: string,
  body: z.infer<typeof UpdatePartnerBody>,
  now: string,
): Promise<z.input<typeof PartnerSchema>> {
  return storage.db.transaction().execute(async (trx) => {
    const current = await activePartner(trx, partnerId);
    if (current.version !== body.expectedVersion) {
      throw new ApiFailure('conflict', current.version);
    }
    const version = current.version + 1;
    await requireRecordSignature(trx, adminId, { ...body, id: partnerId, version });
    const next = {
      ...columns(body),
      version,
      updated_at: now,
      record_signature: body.signature,
      signed_by: adminId,
    };
    const updated = await trx
      .updateTable('partner')
      .set(next)
      .where('id', '=', partnerId)
      .where('version', '=', body.expectedVersion)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    // A changed key is worth its own mark: packages sealed after it go to the new holder.
    const what = current.public_key === body.publicKey ? 'update' : 'update key';
    await audit(trx, adminId, 'partner.write', null, now, `${partnerId} ${what}`);
    return partnerView({ ...current, ...next }, new Set([adminId]));
  });
}

/** Takes a partner off the list; referrals made to it keep their row and its name. */
export async function removePartner(
  storage: Storage,
  adminId: string,
  partnerId: string,
  now: string,
): Promise<void> {
  await storage.db.transaction().execute(async (trx) => {
    await activePartner(trx, partnerId);
    await trx
      .updateTable('partner')
      .set({ removed_at: now, updated_at: now })
      .where('id', '=', partnerId)
      .execute();
    await audit(trx, adminId, 'partner.write', null, now, `${partnerId} remove`);
  });
}
