// Documentation through the client core against a whole server on SQLite and PostgreSQL:
// testimonies and coded events written whole in `testimony` and read back by a teammate,
// refused before anything is written when bad; the server refusing documentation in any
// other compartment; a team without `testimony` reading nothing (its digest says so) and
// an outsider not even finding the case; evidence kept as uploaded, verified against its
// capture hash (a changed byte on disk shows), exported with a custody entry; and none of
// it on a seized disk.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { type FileInput, openAttachment } from '../attachments/attachments.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { fetchCaseBatches } from '../cases/case-batches.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import {
  appendToCase,
  type CaseView,
  createCase,
  type DirectoryTeam,
  openCase,
} from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { jpegWithGps, metadataSecrets } from '../testing/test-images.ts';
import { createUnlockHandler, type ReadReply } from '../unlock/unlock-requests.ts';
import { documentationDigest } from './documentation-digest.ts';
import {
  captureEvidence,
  evidenceOf,
  exportEvidence,
  linkHash,
  verifyEvidence,
} from './evidence.ts';
import { newRecordId } from './record-ids.ts';
import type { Testimony, ViolationEvent } from './records.ts';
import { saveTestimony, testimoniesOf } from './testimonies.ts';
import { saveViolationEvent, violationEventsOf } from './violations.ts';
import { defaultVocabularies } from './vocabularies.ts';

const today = '2026-11-26';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fileInput(name: string, type: string, bytes: Uint8Array): FileInput {
  function* pieces() {
    for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.slice(at, at + 64 * 1024);
  }
  return { name, type, size: bytes.length, content: pieces() };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const newTestimony = (text: string, note = 'Consent given on the phone, recorded.'): Testimony => ({
  id: newRecordId(),
  text,
  language: 'ru',
  interviewDate: '2026-11-20',
  interviewer: 'Zarema',
  consent: {
    uses: ['anonymised_statistics', 'united_nations'],
    givenOn: '2026-11-20',
    expiresOn: null,
    method: 'oral_recorded',
    note,
  },
});

function newEvent(sources: string[], labels = ['The person', 'Officer in black']): ViolationEvent {
  const [victim, officer, detention, torture] = [0, 1, 2, 3].map(() => newRecordId()) as [
    string,
    string,
    string,
    string,
  ];
  return {
    id: newRecordId(),
    title: 'Detention in Argun',
    startDate: '2017-03-01',
    endDate: '2017-03-20',
    place: 'argun',
    sources,
    acts: [
      {
        id: detention,
        type: 'secret_detention',
        startDate: '2017-03-01',
        endDate: '2017-03-12',
        methods: [],
        detentionPlace: 'argun_detention_site',
        verification: { status: 'corroborated', date: '2026-11-21' },
        note: '',
      },
      {
        id: torture,
        type: 'torture',
        startDate: '2017-03-02',
        endDate: null,
        methods: ['electric_shocks'],
        detentionPlace: null,
        verification: { status: 'unverified', date: '2026-11-21' },
        note: '',
      },
    ],
    persons: [
      { id: victim, label: labels[0] as string, caseSubject: true },
      { id: officer, label: labels[1] as string, caseSubject: false },
    ],
    involvements: [
      { personId: victim, actId: detention, role: 'victim', perpetratorType: null },
      { personId: victim, actId: torture, role: 'victim', perpetratorType: null },
      {
        personId: officer,
        actId: torture,
        role: 'perpetrator',
        perpetratorType: 'security_forces',
      },
    ],
    vocabularyVersions: {},
  };
}

describe.each(databaseKinds)('documentation on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let zarema: MemberSession; // documentation: hotline team, holds `testimony`
  let timur: MemberSession; // case coordinator, same team
  let alina: MemberSession; // shelter team: `general` only
  let outsider: MemberSession; // another team
  let directory: DirectoryTeam[];
  let hotline: string;
  let shelter: string;

  const open = async (member: MemberSession, caseId: string): Promise<CaseView> =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = () =>
    createCase(zarema, directory, {
      title: 'Documented',
      riskLevel: 3,
      share: { general: [hotline, shelter], testimony: [hotline] },
    });

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    zarema = await corridor.member('zarema', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['case_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', zarema, timur);
    shelter = await corridor.team(admin, 'Shelters', alina);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await zarema.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('keeps testimonies and coded events whole; a teammate reads the latest; bad input writes nothing', async () => {
    const caseId = await newCase();
    const testimony = newTestimony('Меня держали в подвале двенадцать дней.');
    await saveTestimony(zarema, await open(zarema, caseId), testimony, defaultVocabularies, today);
    const event = newEvent([testimony.id]);
    await saveViolationEvent(zarema, await open(zarema, caseId), event, defaultVocabularies, today);
    // A consent change is a new version of the same testimony.
    const consent = testimony.consent as NonNullable<Testimony['consent']>;
    await saveTestimony(
      zarema,
      await open(zarema, caseId),
      { ...testimony, consent: { ...consent, uses: ['anonymised_statistics'] } },
      defaultVocabularies,
      today,
    );

    let view = await open(timur, caseId);
    expect(view.timeline.problems).toEqual([]);
    const [read] = testimoniesOf(view);
    expect(read).toMatchObject({
      id: testimony.id,
      text: testimony.text,
      versions: 2,
      authorId: zarema.account.id,
      consent: { uses: ['anonymised_statistics'] },
    });
    const [coded] = violationEventsOf(view);
    expect(coded?.acts.map((a) => a.type)).toEqual(['secret_detention', 'torture']);
    expect(coded?.vocabularyVersions).toMatchObject({ act_types: 1 });

    // Refused before anything is sent: the case's version does not move.
    const version = view.timeline.head.version;
    const bad = [
      saveTestimony(
        timur,
        view,
        { ...newTestimony('x'), consent: null },
        defaultVocabularies,
        today,
      ),
      saveViolationEvent(timur, view, newEvent([newRecordId()]), defaultVocabularies, today),
      saveViolationEvent(
        timur,
        view,
        { ...event, involvements: event.involvements.slice(1) },
        defaultVocabularies,
        today,
      ),
      saveViolationEvent(
        timur,
        view,
        { ...event, acts: event.acts.map((a) => ({ ...a, type: 'kidnap' })) },
        defaultVocabularies,
        today,
      ),
    ];
    expect(await Promise.all(bad.map(refusal))).toEqual([
      'consent_required',
      'source_unknown',
      'act_without_victim',
      'unknown_term',
    ]);
    view = await open(timur, caseId);
    expect(view.timeline.head.version).toBe(version);
  });

  it('refuses documentation outside `testimony` on the server, whatever the browser sends', async () => {
    const caseId = await newCase();
    const view = await open(zarema, caseId);
    const testimony = newTestimony('Written where the shelter team would read it.');
    for (const kind of [
      'testimony.recorded',
      'violation.coded',
      'evidence.recorded',
      'evidence.custody',
    ] as const) {
      expect(await refusal(appendToCase(zarema, view, 'general', kind, testimony)), kind).toBe(
        'wrong_compartment',
      );
    }
    expect((await open(zarema, caseId)).timeline.head.version).toBe(view.timeline.head.version);
  });

  it('shows a team without `testimony` nothing of it, and an outsider not even the case', async () => {
    const caseId = await newCase();
    const testimony = newTestimony('Only the hotline reads this.');
    await saveTestimony(zarema, await open(zarema, caseId), testimony, defaultVocabularies, today);
    await saveViolationEvent(
      zarema,
      await open(zarema, caseId),
      newEvent([testimony.id]),
      defaultVocabularies,
      today,
    );

    const theirs = await open(alina, caseId);
    // She sees that something was recorded, never what (withheld: no key, no content).
    const entries = theirs.timeline.entries.filter((e) => e.compartment === 'testimony');
    expect(entries.map((e) => [e.kind, e.content])).toEqual([
      ['testimony.recorded', null],
      ['violation.coded', null],
    ]);
    expect(testimoniesOf(theirs)).toEqual([]);
    expect(violationEventsOf(theirs)).toEqual([]);
    expect(documentationDigest(theirs.summary, theirs.timeline.entries)).toMatchObject({
      readsTestimony: false,
      testimonies: [],
      events: [],
    });
    // Her browser cannot write there (no key), and the server would not take it.
    expect(
      await refusal(saveTestimony(alina, theirs, newTestimony('x'), defaultVocabularies, today)),
    ).toMatch(/does not hold the testimony key/);
    expect(await refusal(open(outsider, caseId))).toBe('not_found');

    // The unlock worker's digest, as reports read it: the hotline's counts, the shelter's unknown.
    const digestOf = async (member: MemberSession) => {
      const handle = createUnlockHandler();
      const [json] = await fetchCaseBatches(member, [caseId]);
      handle({ op: 'load', batch: 0, json: json as string, ring: await loadTeamKeyring(member) });
      const { cases } = handle({ op: 'read', batch: 0 }) as ReadReply;
      return cases[0]?.documentation;
    };
    const ours = await digestOf(timur);
    expect(ours).toMatchObject({ caseId, readsTestimony: true, problems: [] });
    expect(ours?.testimonies.map((t) => t.id)).toEqual([testimony.id]);
    expect(ours?.events[0]?.acts).toHaveLength(2);
    expect(JSON.stringify(ours)).not.toContain('Only the hotline reads this.');
    expect(await digestOf(alina)).toMatchObject({ readsTestimony: false, events: [] });
  });

  it('keeps evidence as captured, verifies it against the capture hash, and logs every copy', async () => {
    const caseId = await newCase();
    const testimony = newTestimony('Photo of the bruises, taken the day after release.');
    await saveTestimony(zarema, await open(zarema, caseId), testimony, defaultVocabularies, today);
    const event = newEvent([testimony.id]);
    await saveViolationEvent(zarema, await open(zarema, caseId), event, defaultVocabularies, today);

    const photo = jpegWithGps();
    const before = (await open(zarema, caseId)).timeline.head.version;
    const { evidence } = await captureEvidence(
      zarema,
      await open(zarema, caseId),
      {
        title: 'Bruises, 13 March',
        source: 'The person’s own phone',
        method: 'Copied from the phone by the interviewer',
        eventId: event.id,
        actIds: [event.acts[1]?.id as string],
        file: fileInput('IMG_0313.jpg', 'image/jpeg', photo),
      },
      new Date('2026-11-26T09:30:00.000Z'),
    );
    expect(evidence).toMatchObject({
      kind: 'file',
      attachmentSeq: before + 1,
      sha256: sha256(photo),
      size: photo.length,
      capturedAt: '2026-11-26T09:30:00.000Z',
      url: null,
    });

    let view = await open(timur, caseId);
    const [item] = evidenceOf(view);
    if (!item?.attachment) throw new Error('no evidence file');
    expect(item).toMatchObject({ seq: before + 2, authorId: zarema.account.id, lastCheck: null });
    // The original, metadata and all: byte for byte what was captured.
    expect(item.attachment.metadataRemoved).toBeNull();
    expect(await readAll(openAttachment(timur, item.attachment))).toEqual(photo);

    expect(await verifyEvidence(timur, view, evidence.id)).toMatchObject({
      result: 'intact',
      sha256: sha256(photo),
    });

    // One byte of the stored ciphertext changed on the server's disk.
    const path = join(corridor.database.dataDir, 'blobs', caseId, item.attachment.blobId);
    const stored = await readFile(path);
    const changed = Buffer.from(stored);
    const at = Math.floor(changed.length / 2);
    changed[at] = (changed[at] as number) ^ 0x01;
    await writeFile(path, changed);
    view = await open(timur, caseId);
    expect((await verifyEvidence(timur, view, evidence.id)).result).toBe('altered');
    view = await open(timur, caseId);
    expect(evidenceOf(view)[0]?.lastCheck).toBe('altered');
    // An altered original is not handed out, and no custody entry says it was.
    const version = view.timeline.head.version;
    expect(
      await refusal(exportEvidence(timur, view, evidence.id, 'exported', 'UN OHCHR', '')),
    ).toBe('evidence_altered');
    expect((await open(timur, caseId)).timeline.head.version).toBe(version);

    await writeFile(path, stored);
    view = await open(timur, caseId);
    expect((await verifyEvidence(timur, view, evidence.id)).result).toBe('intact');
    view = await open(timur, caseId);
    const exported = await exportEvidence(
      timur,
      view,
      evidence.id,
      'transferred',
      'UN OHCHR, by their upload portal',
      'Case file 2026-11',
    );
    expect(exported).toMatchObject({
      sha256: sha256(photo),
      name: 'IMG_0313.jpg',
      type: 'image/jpeg',
    });
    expect(exported.bytes).toEqual(photo);
    expect(await refusal(exportEvidence(timur, view, evidence.id, 'copied', ' ', ''))).toBe(
      'text_required',
    );

    const trail = evidenceOf(await open(zarema, caseId))[0]?.custody ?? [];
    expect(trail.map((link) => [link.entry.action, link.entry.result, link.by])).toEqual([
      ['verified', 'intact', timur.account.id],
      ['verified', 'altered', timur.account.id],
      ['verified', 'intact', timur.account.id],
      ['transferred', null, timur.account.id],
    ]);
    expect(trail[3]?.entry).toMatchObject({
      sha256: sha256(photo),
      recipient: 'UN OHCHR, by their upload portal',
    });
  });

  it('records a link by the hash of its address; refuses evidence without file or link', async () => {
    const caseId = await newCase();
    const url = 'https://vk.com/wall-12345_678';
    const view = await open(zarema, caseId);
    const { evidence } = await captureEvidence(zarema, view, {
      title: 'Post naming the person',
      source: 'VK',
      method: 'Address copied from the browser',
      eventId: null,
      actIds: [],
      url,
    });
    expect(evidence).toMatchObject({
      kind: 'link',
      url,
      sha256: linkHash(url),
      attachmentSeq: null,
    });
    expect(evidence.sha256).toBe(sha256(new TextEncoder().encode(url)));
    const later = await open(zarema, caseId);
    expect((await verifyEvidence(zarema, later, evidence.id)).result).toBe('intact');

    const capture = { title: 'x', source: 'y', method: 'z', eventId: null, actIds: [] };
    const refusals = await Promise.all(
      [
        captureEvidence(zarema, later, capture),
        captureEvidence(zarema, later, { ...capture, url: 'javascript:alert(1)' }),
        captureEvidence(zarema, later, { ...capture, url, eventId: newRecordId() }),
        captureEvidence(zarema, later, { ...capture, url, title: ' ' }),
      ].map(refusal),
    );
    expect(refusals).toEqual([
      'evidence_needs_file_or_url',
      'url_invalid',
      'event_unknown',
      'text_required',
    ]);
    expect(await refusal(verifyEvidence(zarema, later, newRecordId()))).toBe('evidence_unknown');
  });

  it('leaves no testimony, consent note, label, title, act note, evidence, link or recipient on a seized disk', async () => {
    const caseId = await newCase();
    const text = 'Ибрагим: меня пытали током в Аргуне, называли имена других';
    const note = 'Consent witnessed by Madina Dudayeva at the safe flat';
    const testimony = newTestimony(text, note);
    await saveTestimony(zarema, await open(zarema, caseId), testimony, defaultVocabularies, today);
    const coded = newEvent([testimony.id], ['Ibragim Kh.', 'Major Lechi M.']);
    const actNote = 'Beaten in the garage behind the Argun base by Lechi';
    const event = {
      ...coded,
      title: 'Ibragim held at the Argun base',
      acts: coded.acts.map((act) => ({ ...act, note: actNote })),
    };
    await saveViolationEvent(zarema, await open(zarema, caseId), event, defaultVocabularies, today);
    const fileSecret = `evidence-bytes-${randomBytes(8).toString('hex')}`;
    const fileBytes = new TextEncoder().encode(`${fileSecret}\n`.repeat(50));
    const { evidence } = await captureEvidence(zarema, await open(zarema, caseId), {
      title: 'Voice message from the guard',
      source: 'Sent to Ibragim’s sister',
      method: 'Forwarded from Telegram by the sister',
      eventId: event.id,
      actIds: [],
      file: fileInput('guard-voice.txt', 'text/plain', fileBytes),
    });
    const photo = jpegWithGps();
    await captureEvidence(zarema, await open(zarema, caseId), {
      title: 'Photo',
      source: 'phone',
      method: 'copied',
      eventId: null,
      actIds: [],
      file: fileInput('photo.jpg', 'image/jpeg', photo),
    });
    const url = 'https://vk.example/wall-ibragim-argun-2017';
    await captureEvidence(zarema, await open(zarema, caseId), {
      title: 'Post about the detention',
      source: 'A public page',
      method: 'Address copied by the interviewer',
      eventId: null,
      actIds: [],
      url,
    });
    const recipient = 'Memorial lawyer Natalia Estemirova-Fund';
    await exportEvidence(
      zarema,
      await open(zarema, caseId),
      evidence.id,
      'exported',
      recipient,
      '',
    );

    const { found, bytes } = await searchSeizedData(corridor.database, [
      text,
      'Ибрагим',
      note,
      'Ibragim Kh.',
      'Major Lechi M.',
      'Ibragim held at the Argun base',
      actNote,
      url,
      'wall-ibragim-argun',
      'Post about the detention',
      fileSecret,
      'Voice message from the guard',
      'Sent to Ibragim’s sister',
      'Forwarded from Telegram by the sister',
      'guard-voice.txt',
      recipient,
      // The evidence photo keeps its metadata — encrypted, never in the clear.
      ...metadataSecrets.slice(0, 5),
      ...corridor.secrets,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
