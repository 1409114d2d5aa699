import { audit } from '../../audit/audit-log.ts';
import type { Clock } from '../../auth/clock.ts';
import type { Authenticated } from '../../auth/session-guard.ts';
import { ApiFailure } from '../../http/error-handling.ts';
import type { Storage } from '../../storage/storage.ts';
import { requireConversation } from '../staff-inbox.ts';

/**
 * A file of a conversation, for a member of the hotline team: its ciphertext size. The
 * read is audited like opening the conversation (`intake.read`, naming it); anyone
 * outside the team gets `not_found`, recorded as `intake.refused`.
 */
export async function openIntakeFile(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  conversationId: string,
  attachmentId: string,
): Promise<{ size: number }> {
  await requireConversation(storage, clock, caller, conversationId);
  const row = await storage.db
    .selectFrom('intake_attachment')
    .select('bytes')
    .where('id', '=', attachmentId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  await audit(
    storage.db,
    caller.accountId,
    'intake.read',
    null,
    clock().toISOString(),
    conversationId,
  );
  return { size: Number(row.bytes) };
}
