import { randomToken } from '@corridor/crypto';
import type { Storage } from '../storage/storage.ts';

/** What kind of thing a member did; never what it contained. */
export type AuditAction =
  | 'case.create'
  | 'case.read'
  | 'case.write'
  | 'case.access'
  /** Finished an attachment upload (the event naming it is a `case.write`). */
  | 'attachment.upload'
  /** Downloaded an attachment's ciphertext: each copy taken is on record. */
  | 'attachment.download';

/**
 * Records who did what kind of thing to which case, and when (ASVS 16.3.2). Written in
 * the same transaction as the change it records, so neither exists without the other.
 */
export async function audit(
  db: Storage['db'],
  accountId: string,
  action: AuditAction,
  caseId: string | null,
  at: string,
  /** What an access change was about (part and team ids), never content. */
  detail: string | null = null,
): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({ id: randomToken(16), account_id: accountId, action, case_id: caseId, at, detail })
    .execute();
}
