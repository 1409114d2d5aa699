// Receipt codes under both derivations an inbox may have stored (decision 0035): a new
// inbox derives with BLAKE2b keyed by the server's receipt key; an inbox made before
// keeps Argon2id over 1 MiB, and its codes keep opening their conversations.
import { initCrypto } from '@corridor/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { postForm, receiptCodeIn } from '../testing/public-form.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  listConversations,
  openConversation,
  openInboxKeys,
  replyToConversation,
} from './inbox.ts';

const argon2id = { algorithm: 'argon2id13', opsLimit: 1, memLimitBytes: 1024 * 1024 };

describe.each(databaseKinds)('receipt-code derivations on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession;

  const storedKdf = async () =>
    JSON.parse(
      (
        await corridor.server.storage.db
          .selectFrom('intake_inbox')
          .select('receipt_kdf')
          .executeTakeFirstOrThrow()
      ).receipt_kdf,
    );
  /** Sends a first message, replies to it as staff, and reads the reply with the code. */
  const roundTrip = async (text: string, reply: string) => {
    const sent = await postForm(corridor.server.publicUrl, '/messages', { message: text });
    expect(sent.status).toBe(200);
    const code = receiptCodeIn(sent.html) ?? '';
    const keys = await openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia));
    const summary = (await listConversations(nadia)).conversations.find((c) => c.status === 'new');
    if (!summary) throw new Error('no new conversation');
    await replyToConversation(
      nadia,
      await getInbox(nadia),
      await openConversation(nadia, keys, summary.id),
      reply,
    );
    const opened = await postForm(corridor.server.publicUrl, '/follow-up', {
      code: code.toLowerCase(),
    });
    return { code, status: opened.status, html: opened.html };
  };

  beforeAll(async () => {
    await initCrypto();
    corridor = await startTestCorridor(kind);
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    await chooseHotlineTeam(admin, await corridor.team(admin, 'Hotline', nadia));
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
  });
  afterAll(() => corridor?.stop());

  it('gives a new inbox keyed BLAKE2b, whose codes open their replies', async () => {
    expect(await storedKdf()).toEqual({ algorithm: 'blake2b-keyed' });
    const opened = await roundTrip('First, keyed.', 'Reply under keyed BLAKE2b.');
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Reply under keyed BLAKE2b.');
  });

  it('keeps opening the codes of an inbox made with Argon2id, by what it stored', async () => {
    await corridor.server.storage.db
      .updateTable('intake_inbox')
      .set({ receipt_kdf: JSON.stringify(argon2id) })
      .execute();
    const opened = await roundTrip('Second, Argon2id.', 'Reply under Argon2id.');
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Reply under Argon2id.');
    expect(opened.html).not.toContain('Reply under keyed BLAKE2b.');
  });

  it('finds nothing for a code derived under the other algorithm', async () => {
    // Issued under Argon2id, looked up under keyed BLAKE2b: the stored algorithm decides.
    const sent = await postForm(corridor.server.publicUrl, '/messages', { message: 'Third.' });
    const argonCode = receiptCodeIn(sent.html) ?? '';
    await corridor.server.storage.db
      .updateTable('intake_inbox')
      .set({ receipt_kdf: JSON.stringify({ algorithm: 'blake2b-keyed' }) })
      .execute();
    const page = await postForm(corridor.server.publicUrl, '/follow-up', { code: argonCode });
    expect(page.status).toBe(404);
  });
});
