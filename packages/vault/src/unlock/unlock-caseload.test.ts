// A caseload unlocked through the workers: in this thread (the handler alone, each
// request cloned as a worker would receive it) and on real Node worker threads.
import {
  type BoxKeyPair,
  generateBoxKeyPair,
  generateSignKeyPair,
  generateSymmetricKey,
  initCrypto,
  randomToken,
  sign,
  toBase64,
  utf8,
} from '@corridor/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealCompartmentKey, type TeamKeyring } from '../cases/case-keys.ts';
import { createNodeUnlockWorkers } from './node-workers.ts';
import {
  type SyntheticAuthor,
  type SyntheticTeam,
  syntheticCaseDetail,
} from './synthetic-cases.ts';
import { loadCaseload, type UnlockWorkers } from './unlock-caseload.ts';
import { createUnlockHandler, type UnlockReply, type UnlockRequest } from './unlock-requests.ts';

let team: SyntheticTeam;
let ring: TeamKeyring;
let authors: SyntheticAuthor[];

const people = [
  { title: 'Ibra', town: 'Грозный', statement: 'Меня задержали 14 марта.' },
  { title: 'Zarema', town: 'Казань', statement: 'Родственники угрожают.' },
  { title: 'Sasha', town: 'Ереван', statement: 'They took her passport.' },
  { title: 'Mila', town: 'Тбилиси', statement: 'Задержание у дома.' },
];

function caseOf(person: (typeof people)[number]) {
  return syntheticCaseDetail(team, authors, {
    caseId: randomToken(16),
    title: person.title,
    details: {
      location: { address: `ул. Мира, 3, ${person.town}` },
      testimony: { statement: person.statement },
    },
    notes: ['Перезвонить вечером.'],
  }).detail;
}

/** The handler in this thread: each worker its own, each request structured-cloned. */
function inThread(size: number): UnlockWorkers {
  const handlers = Array.from({ length: size }, () => createUnlockHandler());
  return {
    size,
    async request<R extends UnlockRequest>(worker: number, request: R) {
      const handle = handlers[worker];
      if (!handle) throw new Error('no such worker');
      return structuredClone(handle(structuredClone(request))) as UnlockReply<R>;
    },
    async close() {},
  };
}

const signKeyOf = async (accountId: string) => {
  const author = authors.find((a) => a.id === accountId);
  if (!author) throw new Error('unknown author');
  return toBase64(author.sign.publicKey);
};

beforeAll(async () => {
  await initCrypto();
  const keys: BoxKeyPair = generateBoxKeyPair();
  team = { id: 'team-1', name: 'Hotline', keys };
  ring = new Map([[team.id, new Map([[1, keys]])]]);
  authors = [
    { id: 'nadia', sign: generateSignKeyPair() },
    { id: 'timur', sign: generateSignKeyPair() },
  ];
});

describe('unlocking a caseload in workers', () => {
  it('makes every case listed and searchable, then verifies every signature', async () => {
    const details = people.map(caseOf);
    const batches = [JSON.stringify(details.slice(0, 3)), JSON.stringify(details.slice(3))];
    const caseload = await loadCaseload(inThread(2), ring, batches);
    expect(caseload).toMatchObject({ cases: 4, events: 4 * 4, unopened: [] });

    const cases = await caseload.read();
    expect([...cases.values()].map((c) => c.title).sort()).toEqual([
      'Ibra',
      'Mila',
      'Sasha',
      'Zarema',
    ]);
    expect([...cases.values()].every((c) => c.problems.length === 0 && c.version === 4)).toBe(true);
    const titleOf = async (query: string) =>
      (await caseload.search(query)).map((hit) => cases.get(hit.caseId)?.title);
    expect(await titleOf('Грозного')).toEqual(['Ibra']);
    expect((await titleOf('задержали')).sort()).toEqual(['Ibra', 'Mila']);
    expect(await titleOf('passports')).toEqual(['Sasha']);
    expect(await titleOf('Тбилиси Ереван')).toEqual([]);

    expect(await caseload.verify(signKeyOf)).toEqual(new Map());
  });

  it('names a case whose chain breaks at read, and one with a forged signature at verify', async () => {
    const [broken, forged, sound] = people.map(caseOf);
    if (!broken || !forged || !sound) throw new Error('no cases');
    broken.events.splice(2, 1);
    const event = forged.events[1];
    if (!event) throw new Error('no event');
    event.signature = toBase64(sign(generateSignKeyPair().secretKey, 'case-event', utf8('x')));

    const caseload = await loadCaseload(inThread(1), ring, [
      JSON.stringify([broken, forged, sound]),
    ]);
    const cases = await caseload.read();
    expect(cases.get(broken.summary.id)?.problems).toEqual(
      expect.arrayContaining([{ seq: 4, problem: 'chain_broken' }]),
    );
    expect(cases.get(forged.summary.id)?.problems).toEqual([]);
    const bad = await caseload.verify(signKeyOf);
    // The broken case's remaining events are each still signed by their author.
    expect([...bad.keys()]).toEqual([forged.summary.id]);
    expect(bad.get(forged.summary.id)).toEqual([{ seq: 2, problem: 'bad_signature' }]);
  });

  it('leaves out a case whose sealed key does not open, and says so', async () => {
    const [tampered, sound] = people.map(caseOf);
    if (!tampered || !sound) throw new Error('no cases');
    const grant = tampered.keys[0];
    if (!grant) throw new Error('no grant');
    grant.sealedKey = `${grant.sealedKey.slice(0, -4)}AAAA`;
    const caseload = await loadCaseload(inThread(1), ring, [JSON.stringify([tampered, sound])]);
    expect(caseload.unopened).toEqual([tampered.summary.id]);
    const cases = await caseload.read();
    expect([...cases.keys()]).toEqual([sound.summary.id]);
  });

  it('reads a newer version of a case in place of the old, on whichever worker', async () => {
    const [ibra, zarema] = people.map(caseOf);
    if (!ibra || !zarema) throw new Error('no cases');
    const caseload = await loadCaseload(inThread(2), ring, [
      JSON.stringify([ibra]),
      JSON.stringify([zarema]),
    ]);
    await caseload.read();
    const moved = syntheticCaseDetail(team, authors, {
      caseId: ibra.summary.id,
      title: 'Ibra',
      details: { location: { address: 'Ереван' } },
      notes: [],
    }).detail;
    // Loaded on the less busy worker: the one that did not hold Ibra before.
    expect(await caseload.add([JSON.stringify([moved])])).toMatchObject({ cases: 1 });
    const again = await caseload.read();
    expect([...again.keys()]).toEqual([ibra.summary.id]);
    const found = async (query: string) => (await caseload.search(query)).map((hit) => hit.caseId);
    expect(await found('Ереване')).toEqual([ibra.summary.id]);
    expect(await found('Грозный')).toEqual([]);
    expect(await caseload.verify(signKeyOf)).toEqual(new Map());

    await caseload.indexCase(zarema.summary.id, {
      title: 'Zarema',
      compartments: { location: { address: 'Тбилиси' } },
      notes: [],
    });
    expect(await found('Тбилиси')).toEqual([zarema.summary.id]);
    expect(await found('Казань')).toEqual([]);
    await caseload.forget();
    expect(await found('Тбилиси')).toEqual([]);
  });

  it('checks again no signature up to a head verified before, and flags a history that lost it', async () => {
    const [ibra, zarema] = people.map(caseOf);
    if (!ibra || !zarema) throw new Error('no cases');
    const first = await loadCaseload(inThread(1), ring, [JSON.stringify([ibra, zarema])]);
    const read = await first.read();
    const headOf = (caseId: string) => {
      const unlocked = read.get(caseId);
      if (!unlocked) throw new Error('not read');
      return { version: unlocked.version, hash: unlocked.head };
    };
    const vouched = {
      [ibra.summary.id]: headOf(ibra.summary.id),
      [zarema.summary.id]: headOf(zarema.summary.id),
    };

    // A signature swapped afterwards (it is not part of the chain) is not looked at again
    // below the vouched head; without the head it is caught.
    const swapped = structuredClone(ibra);
    const event = swapped.events[1];
    if (!event) throw new Error('no event');
    event.signature = toBase64(sign(generateSignKeyPair().secretKey, 'case-event', utf8('x')));
    // Zarema's case loses its last event: the head verified before is gone.
    const shortened = structuredClone(zarema);
    shortened.events.pop();

    const again = await loadCaseload(
      inThread(1),
      ring,
      [JSON.stringify([swapped, shortened])],
      vouched,
    );
    const cases = await again.read();
    expect(cases.get(ibra.summary.id)?.problems).toEqual([]);
    expect(cases.get(zarema.summary.id)?.problems).toEqual(
      expect.arrayContaining([{ seq: 4, problem: 'history_shortened' }]),
    );
    expect([...(await again.verify(signKeyOf)).keys()]).toEqual([]);

    // A middle event rewritten below the head (its successor now fails to link) voids
    // the head: its signatures are checked again, and the rewrite is caught.
    const rewritten = structuredClone(ibra);
    const middle = rewritten.events[1];
    if (!middle) throw new Error('no event');
    middle.kind = 'note.added';
    middle.compartment = 'general';
    const third = await loadCaseload(inThread(1), ring, [JSON.stringify([rewritten])], vouched);
    expect((await third.read()).get(ibra.summary.id)?.problems).toEqual(
      expect.arrayContaining([
        { seq: 3, problem: 'chain_broken' },
        { seq: 4, problem: 'history_shortened' },
      ]),
    );
    expect((await third.verify(signKeyOf)).get(ibra.summary.id)).toEqual([
      { seq: 2, problem: 'bad_signature' },
    ]);

    const unvouched = await loadCaseload(inThread(1), ring, [JSON.stringify([swapped])]);
    await unvouched.read();
    expect((await unvouched.verify(signKeyOf)).get(ibra.summary.id)).toEqual([
      { seq: 2, problem: 'bad_signature' },
    ]);
    expect(unvouched.verified.has(ibra.summary.id)).toBe(true);
  });

  it('counts a key that is not one as an unknown author, and checks the rest', async () => {
    const [ibra] = people.map(caseOf);
    if (!ibra) throw new Error('no case');
    const caseload = await loadCaseload(inThread(1), ring, [JSON.stringify([ibra])]);
    await caseload.read();
    const bad = await caseload.verify(async (accountId) =>
      accountId === 'nadia' ? 'AAAA' : signKeyOf(accountId),
    );
    expect(bad.get(ibra.summary.id)?.map((p) => p.seq)).toEqual([1, 3]);
    expect(caseload.verified.has(ibra.summary.id)).toBe(true);
    // Each batch is verified once: asking again checks nothing more.
    expect(await caseload.verify(signKeyOf)).toEqual(new Map());
  });

  it('uses no key that no event committed to: a planted one is dropped and named', async () => {
    const [planted, sound] = people.map(caseOf);
    if (!planted || !sound) throw new Error('no cases');
    const grant = planted.keys.find((k) => k.compartment === 'testimony');
    if (!grant) throw new Error('no testimony grant');
    // The server swaps in a key it made, sealed to the team: it opens, but nothing signed names it.
    grant.sealedKey = sealCompartmentKey(
      toBase64(team.keys.publicKey),
      generateSymmetricKey('record'),
      planted.summary.id,
      'testimony',
      grant.keyVersion,
    );
    const caseload = await loadCaseload(inThread(1), ring, [JSON.stringify([planted, sound])]);
    const cases = await caseload.read();
    expect(cases.get(planted.summary.id)?.problems).toEqual([
      { seq: 0, problem: 'key_uncommitted' },
    ]);
    expect(cases.get(sound.summary.id)?.problems).toEqual([]);
  });

  it('refuses a batch that is not CaseDetail[], to verify before reading, and to read after forgetting', async () => {
    await expect(loadCaseload(inThread(1), ring, ['[{"summary":{}}]'])).rejects.toThrow();
    const workers = inThread(1);
    const caseload = await loadCaseload(workers, ring, [JSON.stringify(people.map(caseOf))]);
    await expect(workers.request(0, { op: 'verify', batch: 0, signKeys: {} })).rejects.toThrow(
      /read before/,
    );
    await caseload.forget();
    await expect(caseload.read()).rejects.toThrow(/not loaded/);
  });
});

describe('unlocking on Node worker threads', () => {
  let workers: UnlockWorkers | undefined;
  afterAll(() => workers?.close());

  it('reads and verifies as the handler does in this thread', async () => {
    workers = await createNodeUnlockWorkers(2);
    const details = people.map(caseOf);
    const caseload = await loadCaseload(
      workers,
      ring,
      details.map((detail) => JSON.stringify([detail])),
    );
    const cases = await caseload.read();
    expect(cases.size).toBe(4);
    const hits = await caseload.search('Казани');
    expect(hits.map((hit) => cases.get(hit.caseId)?.title)).toEqual(['Zarema']);
    expect(await caseload.verify(signKeyOf)).toEqual(new Map());
    await caseload.forget();
  });
});
