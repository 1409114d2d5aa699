import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { casePolicy } from './case-policy.ts';

/** The audit kinds each accepted case write leaves, one per write. */
const writeKinds = [
  'case.create',
  'case.write',
  'case.access',
  'referrer.write',
  // Shelters: a change to a shelter, and each placement step (a refusal as not verified too).
  'shelter.write',
  'shelter.placement',
  // Vocabularies: a vocabulary's next version.
  'vocabulary.write',
] as const;

/**
 * Refuses a case write (`rate_limited`) when the account made `perMinute` of them in the
 * last minute. Counted from the audit log, which every accepted write adds to in its own
 * transaction, so the limit holds across instances on one database and a refused write
 * is not counted. Writes in flight at the same moment do not see each other: a burst of
 * parallel requests can pass the limit by how many run at once.
 */
export async function limitCaseWrites(
  db: Storage['db'],
  accountId: string,
  now: string,
  perMinute: number,
): Promise<void> {
  const since = new Date(Date.parse(now) - casePolicy.windowMs).toISOString();
  const { n } = await db
    .selectFrom('audit_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('at', '>', since)
    .where('action', 'in', writeKinds)
    .executeTakeFirstOrThrow();
  if (Number(n) >= perMinute) throw new ApiFailure('rate_limited');
}
