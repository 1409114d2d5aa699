// checkCase and verifySignatures together must find exactly what readTimeline (the check
// on opening a case) finds: on a sound case and on each kind of tampering.
import {
  generateBoxKeyPair,
  generateSignKeyPair,
  initCrypto,
  randomToken,
  sign,
  toBase64,
  utf8,
} from '@corridor/crypto';
import { caseEventStatement } from '@corridor/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTimeline } from '../cases/case-events.ts';
import { checkCase, verifySignatures } from './check-case.ts';
import {
  type SyntheticAuthor,
  type SyntheticTeam,
  syntheticCaseDetail,
} from './synthetic-cases.ts';

let team: SyntheticTeam;
let authors: SyntheticAuthor[];
let stranger: SyntheticAuthor;
beforeAll(async () => {
  await initCrypto();
  team = { id: 'team-1', name: 'Hotline', keys: generateBoxKeyPair() };
  authors = [
    { id: 'nadia', sign: generateSignKeyPair() },
    { id: 'timur', sign: generateSignKeyPair() },
  ];
  stranger = { id: 'stranger', sign: generateSignKeyPair() };
});

function sampleCase() {
  return syntheticCaseDetail(team, authors, {
    caseId: randomToken(16),
    title: 'Ibra — called from the bus station',
    details: {
      identity: { name: 'Ибрагим Мусаев' },
      testimony: { statement: 'Меня задержали 14 марта.' },
    },
    notes: ['Перезвонила сестра.', 'Билеты куплены.'],
    stages: ['triage'],
  });
}
type Sample = ReturnType<typeof sampleCase>;

const keyOf = (accountId: string) =>
  [...authors, stranger].find((a) => a.id === accountId)?.sign.publicKey;

/** Both checks of the unlock, as one sorted list of problems. */
function unlockProblems({ detail, keys }: Sample) {
  const checked = checkCase(detail, keys);
  return [...checked.problems, ...verifySignatures(checked.signed, keyOf)].sort(
    (a, b) => a.seq - b.seq || a.problem.localeCompare(b.problem),
  );
}
async function openProblems({ detail, keys }: Sample) {
  const timeline = await readTimeline(detail, keys, async (id) => {
    const key = keyOf(id);
    if (!key) throw new Error('unknown author');
    return key;
  });
  return [...timeline.problems].sort((a, b) => a.seq - b.seq || a.problem.localeCompare(b.problem));
}

describe('checking a case at unlock', () => {
  it('reads a sound case as opening it does: same entries, head and no problems', async () => {
    const sample = sampleCase();
    const checked = checkCase(sample.detail, sample.keys);
    const timeline = await readTimeline(sample.detail, sample.keys, async (id) => {
      const key = keyOf(id);
      if (!key) throw new Error('unknown author');
      return key;
    });
    expect(checked.problems).toEqual([]);
    expect(checked.entries).toEqual(timeline.entries);
    expect(checked.head).toEqual(timeline.head);
    expect(checked.entries[0]?.content).toEqual({ title: 'Ibra — called from the bus station' });
    expect(verifySignatures(checked.signed, keyOf)).toEqual([]);
  });

  it('leaves a forged signature to verifySignatures, which finds it', async () => {
    const sample = sampleCase();
    const event = sample.detail.events[2];
    if (!event) throw new Error('no event');
    const statement = caseEventStatement(
      sample.detail.summary.id,
      event.authorId,
      event,
      event.payloadDigest,
    );
    event.signature = toBase64(sign(stranger.sign.secretKey, 'case-event', utf8(statement)));
    expect(checkCase(sample.detail, sample.keys).problems).toEqual([]);
    expect(unlockProblems(sample)).toEqual([{ seq: 3, problem: 'bad_signature' }]);
    expect(unlockProblems(sample)).toEqual(await openProblems(sample));
  });

  it('counts an author whose key is unknown as a bad signature', () => {
    const { detail, keys } = sampleCase();
    const { signed } = checkCase(detail, keys);
    expect(verifySignatures(signed.slice(0, 2), () => undefined)).toEqual([
      { seq: 1, problem: 'bad_signature' },
      { seq: 2, problem: 'bad_signature' },
    ]);
  });

  it('finds a payload swapped for another event’s, as opening does', async () => {
    const sample = sampleCase();
    const [, second, third] = sample.detail.events;
    if (!second || !third) throw new Error('no events');
    second.payload = third.payload;
    // A payload that is not the one its statement names is not opened at all.
    expect(checkCase(sample.detail, sample.keys).problems).toEqual([
      { seq: 2, problem: 'payload_mismatch' },
    ]);
    expect(unlockProblems(sample)).toEqual(await openProblems(sample));
  });

  it('finds an event taken out of the chain, as opening does', async () => {
    const sample = sampleCase();
    sample.detail.events.splice(1, 1);
    const problems = checkCase(sample.detail, sample.keys).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { seq: 3, problem: 'out_of_order' },
        { seq: 3, problem: 'chain_broken' },
      ]),
    );
    expect(unlockProblems(sample)).toEqual(await openProblems(sample));
  });

  it('finds a workflow change the server altered, by the chain alone', async () => {
    const sample = sampleCase();
    const moved = sample.detail.events.find((e) => e.kind === 'workflow.changed');
    if (!moved) throw new Error('no workflow event');
    moved.workflow = { stage: 'closed', closedReason: 'declined' };
    const problems = checkCase(sample.detail, sample.keys).problems;
    // The chain breaks after it, and the stage shown no longer follows from the history.
    expect(problems).toEqual([
      { seq: moved.seq + 1, problem: 'chain_broken' },
      { seq: sample.detail.summary.version, problem: 'summary_mismatch' },
    ]);
    expect(unlockProblems(sample)).toEqual(await openProblems(sample));
  });

  it('leaves compartments without a key unread, with no problem', () => {
    const sample = sampleCase();
    sample.keys.delete('testimony');
    const checked = checkCase(sample.detail, sample.keys);
    expect(checked.problems).toEqual([]);
    const testimony = checked.entries.find((e) => e.compartment === 'testimony');
    expect(testimony?.content).toBeNull();
  });
});
