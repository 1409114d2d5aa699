import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Only what `docs/threat-model.md` lets the server
 * know is stored in the clear; everything else arrives and stays ciphertext.
 *
 * Times are ISO-8601 UTC strings (`2026-11-25T12:00:00.000Z`) on both databases, so
 * the same queries compare and sort them the same way on SQLite and PostgreSQL.
 */
export interface Database {
  organisation: OrganisationTable;
}

export interface OrganisationTable {
  /** Random id of this installation. */
  id: string;
  /** Always 1; unique, so there is one row. */
  singleton: Generated<number>;
  created_at: string;
}
