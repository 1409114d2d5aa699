import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/**
 * Rows a storage-level test needs in place before it exercises one table: an account and a
 * case with placeholder keys and records. They are never opened, only referred to (foreign
 * keys, `created_by`), so nothing here is a real key or a real OPAQUE record.
 */
export async function insertAccountRow(
  db: Kysely<Database>,
  row: { id: string; at: string; handle?: string; signPublicKey?: string },
): Promise<void> {
  await db
    .insertInto('account')
    .values({
      id: row.id,
      handle: row.handle ?? row.id,
      status: 'active',
      created_at: row.at,
      opaque_record: 'x',
      password_stretching: '{}',
      box_public_key: 'x',
      sign_public_key: row.signPublicKey ?? 'x',
      wrapped_keys: 'x',
      recovery_wrapped_keys: 'x',
      totp_secret_sealed: 'x',
      totp_last_step: null,
    })
    .execute();
}

/** A case at `stage`, version 1, with nothing in its timeline the test does not add. */
export async function insertCaseRow(
  db: Kysely<Database>,
  row: {
    id: string;
    at: string;
    createdBy: string;
    stage: string;
    riskLevel: number;
    verification?: string;
  },
): Promise<void> {
  await db
    .insertInto('case_file')
    .values({
      id: row.id,
      stage: row.stage,
      closed_reason: null,
      assignee_id: null,
      risk_level: row.riskLevel,
      version: 1,
      last_hash: 'x',
      created_by: row.createdBy,
      created_at: row.at,
      updated_at: row.at,
      ...(row.verification === undefined ? {} : { verification: row.verification }),
    })
    .execute();
}
