import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/**
 * The hook for intake (issue 6, "Triage and verification"): police have posed as
 * victims, and come back. When a case's outcome becomes `suspected_infiltrator`, intake
 * calls `markSuspectedContact` with the blind index of each channel identifier of the
 * conversations linked to the case (the keyed BLAKE2b it already routes by — never the
 * Telegram id or e-mail address itself); when a new message arrives it calls
 * `suspectedContactMark` with the sender's blind index and, on a hit, shows the operator
 * a warning naming the case. Marks outlive the case (a burned case's hunter still
 * returns) and are cleared only by `clearSuspectedContact`, when verification finds the
 * suspicion wrong.
 *
 * The server learns that some contact is suspected and which case it came with; it
 * already knew the case's outcome and which conversations link to it.
 */
export async function markSuspectedContact(
  db: Db,
  mark: { blindIndex: string; caseId: string; markedBy: string; at: string },
): Promise<void> {
  // The latest mark wins: the case it names is the one to look at now.
  await db
    .insertInto('infiltrator_mark')
    .values({
      blind_index: mark.blindIndex,
      case_id: mark.caseId,
      marked_by: mark.markedBy,
      marked_at: mark.at,
    })
    .onConflict((oc) =>
      oc.column('blind_index').doUpdateSet({
        case_id: mark.caseId,
        marked_by: mark.markedBy,
        marked_at: mark.at,
      }),
    )
    .execute();
}

/** The mark on a contact's blind index, or null: a hit means warn the operator. */
export async function suspectedContactMark(
  db: Db,
  blindIndex: string,
): Promise<{ caseId: string; markedBy: string; markedAt: string } | null> {
  const row = await db
    .selectFrom('infiltrator_mark')
    .selectAll()
    .where('blind_index', '=', blindIndex)
    .executeTakeFirst();
  return row ? { caseId: row.case_id, markedBy: row.marked_by, markedAt: row.marked_at } : null;
}

/** Lifts a mark (the suspicion proved wrong); true when there was one. */
export async function clearSuspectedContact(db: Db, blindIndex: string): Promise<boolean> {
  const result = await db
    .deleteFrom('infiltrator_mark')
    .where('blind_index', '=', blindIndex)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
