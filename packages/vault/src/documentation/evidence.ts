import { CryptoError, createSha256, sha256, utf8 } from '@corridor/crypto';
import { documentationCompartment } from '@corridor/protocol';
import { CorridorApiError } from '../api/api-client.ts';
import { AttachmentError } from '../attachments/attachment-error.ts';
import {
  type Attachment,
  appendAttachment,
  attachmentsOf,
  type FileInput,
  openAttachment,
  uploadFile,
} from '../attachments/attachments.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseEntries, type CaseView, currentKey } from '../cases/cases.ts';
import { DocumentationInputError } from './documentation-input-error.ts';
import { parseRecord, requiredText } from './record-checks.ts';
import { newRecordId } from './record-ids.ts';
import {
  type CustodyAction,
  type CustodyEntry,
  CustodyEntrySchema,
  type Evidence,
  EvidenceSchema,
} from './records.ts';
import { documentationEntries, type ReadProblem, readRecords } from './stored-records.ts';
import { violationEventsOf } from './violations.ts';

/** What the member captures: a file, a link, or a link with a saved copy of the page. */
export interface EvidenceCapture {
  readonly title: string;
  /** Where it came from: "the person's own phone", "VK post". */
  readonly source: string;
  /** How it was obtained: "photographed by the interviewer". */
  readonly method: string;
  readonly eventId: string | null;
  readonly actIds: readonly string[];
  readonly file?: FileInput;
  readonly url?: string;
}

/** One custody link with who wrote it and when, from its signed event. */
export interface CustodyLink {
  readonly entry: CustodyEntry;
  readonly by: string;
  readonly at: string;
  readonly seq: number;
}

/** An evidence item as the member reads it: the record, its file, and its custody trail. */
export interface EvidenceItem {
  readonly evidence: Evidence;
  readonly seq: number;
  /** Who captured it, and when the capture was written (its `capturedAt` is the capture). */
  readonly authorId: string;
  readonly createdAt: string;
  /** The original, kept as uploaded (metadata and all); null for a link alone. */
  readonly attachment: Attachment | null;
  /** Every copy, export, transfer and verification, oldest first. */
  readonly custody: readonly CustodyLink[];
  /** The latest verification's result, or null if never verified. */
  readonly lastCheck: 'intact' | 'altered' | 'unreadable' | null;
}

const isWebAddress = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
};

/** The hash recorded for a link: of the address exactly as written, UTF-8. */
export const linkHash = (url: string): string => sha256(utf8(url));

/**
 * Checks a stored evidence record against the case: a file's record must name an
 * `attachment.added` in `testimony` whose original hashes as recorded; a link alone must
 * hash to its address. Returns the attachment (null for a link alone).
 */
function examineEvidence(evidence: Evidence, attachments: ReadonlyMap<number, Attachment>) {
  if (evidence.kind === 'link' && evidence.url === null) {
    throw new DocumentationInputError('evidence_needs_file_or_url', 'url');
  }
  if (evidence.attachmentSeq === null) {
    if (evidence.kind === 'file')
      throw new DocumentationInputError('evidence_needs_file_or_url', 'attachmentSeq');
    if (evidence.sha256 !== linkHash(evidence.url as string)) {
      throw new DocumentationInputError('invalid_record', 'sha256');
    }
    return null;
  }
  const attachment = attachments.get(evidence.attachmentSeq);
  if (attachment === undefined)
    throw new DocumentationInputError('invalid_record', 'attachmentSeq');
  if (attachment.original.sha256 !== evidence.sha256) {
    throw new DocumentationInputError('invalid_record', 'sha256');
  }
  return attachment;
}

const custodyResultRule = (entry: CustodyEntry): CustodyEntry => {
  // A verification says what it found; a copy, export or transfer finds nothing.
  if ((entry.action === 'verified') !== (entry.result !== null)) {
    throw new DocumentationInputError('invalid_record', 'result');
  }
  return entry;
};

/**
 * The case's evidence with each item's file and custody trail, and the stored records
 * that fail their checks (an evidence record naming no file of the case, a custody entry
 * for evidence the case does not hold).
 */
export function readEvidence(view: CaseEntries & { readonly summary: { readonly id: string } }): {
  items: EvidenceItem[];
  problems: ReadProblem[];
} {
  const recorded = documentationEntries(view.timeline.entries, 'evidence.recorded');
  // Read in every case's digest: attachments are parsed only where evidence names them.
  const attachments = new Map(
    (recorded.readable.length === 0 ? [] : attachmentsOf(view))
      .filter((a) => a.compartment === documentationCompartment)
      .map((a) => [a.seq, a]),
  );
  const problems: ReadProblem[] = recorded.problems.map((p) => ({ ...p, kind: 'evidence' }));
  const found = readRecords(
    recorded.readable,
    (content) => {
      const evidence = parseRecord(EvidenceSchema, content);
      return { evidence, attachment: examineEvidence(evidence, attachments) };
    },
    'evidence',
    problems,
  );
  const items = new Map<string, Omit<EvidenceItem, 'custody' | 'lastCheck'>>();
  // Evidence is captured once and never rewritten (the original is immutable): the first
  // record of an id is the evidence, and any later one claiming that id is a problem, so
  // no substitute hash or file can make a later verification say "intact".
  const taken = new Set<string>();
  for (const { record, entry } of found) {
    if (taken.has(record.id)) {
      problems.push({ seq: entry.seq, kind: 'evidence', code: 'evidence_rewritten' });
      continue;
    }
    taken.add(record.id);
    if (!record.ok) {
      problems.push({ seq: entry.seq, kind: 'evidence', code: record.code });
      continue;
    }
    items.set(record.id, {
      ...record.value,
      seq: entry.seq,
      authorId: entry.authorId,
      createdAt: entry.createdAt,
    });
  }

  const trails = new Map<string, CustodyLink[]>();
  const custody = documentationEntries(view.timeline.entries, 'evidence.custody');
  problems.push(...custody.problems.map((p) => ({ ...p, kind: 'custody' as const })));
  for (const entry of custody.readable) {
    let link: CustodyEntry;
    try {
      link = custodyResultRule(parseRecord(CustodyEntrySchema, entry.content));
    } catch (error) {
      const code = error instanceof DocumentationInputError ? error.code : 'invalid_record';
      problems.push({ seq: entry.seq, kind: 'custody', code });
      continue;
    }
    if (!items.has(link.evidenceId)) {
      problems.push({ seq: entry.seq, kind: 'custody', code: 'evidence_unknown' });
      continue;
    }
    const trail = trails.get(link.evidenceId) ?? [];
    trail.push({ entry: link, by: entry.authorId, at: entry.createdAt, seq: entry.seq });
    trails.set(link.evidenceId, trail);
  }
  return {
    items: [...items.entries()].map(([id, item]) => {
      const trail = trails.get(id) ?? [];
      const check = trail.findLast((link) => link.entry.action === 'verified');
      return { ...item, custody: trail, lastCheck: check?.entry.result ?? null };
    }),
    problems: problems.sort((a, b) => a.seq - b.seq),
  };
}

/** The case's evidence the member can read, each with its custody trail. */
export const evidenceOf = (
  view: CaseEntries & { readonly summary: { readonly id: string } },
): EvidenceItem[] => readEvidence(view).items;

/**
 * Captures evidence: a file is uploaded whole, metadata kept (the original is the
 * evidence, and it is encrypted like everything else), named by an `attachment.added`
 * event in `testimony`, then an `evidence.recorded` event names that event's seq with
 * the SHA-256 the browser computed of the original as it was read. A link is recorded
 * with the hash of its address as written; a saved copy of the page may come as `file`.
 * @throws DocumentationInputError before anything is sent
 */
export async function captureEvidence(
  session: MemberSession,
  view: CaseView,
  capture: EvidenceCapture,
  now: Date = new Date(),
): Promise<{ version: number; evidence: Evidence }> {
  const title = requiredText(capture.title, 'title');
  const source = requiredText(capture.source, 'source');
  const method = requiredText(capture.method, 'method');
  const url = capture.url?.trim() || null;
  if (url === null && capture.file === undefined) {
    throw new DocumentationInputError('evidence_needs_file_or_url', 'file');
  }
  if (url !== null && (!isWebAddress(url) || url.length > 2_000)) {
    throw new DocumentationInputError('url_invalid', 'url');
  }
  const actIds = [...new Set(capture.actIds)];
  if (capture.eventId === null) {
    if (actIds.length > 0) throw new DocumentationInputError('event_unknown', 'eventId');
  } else {
    const event = violationEventsOf(view).find((e) => e.id === capture.eventId);
    if (!event) throw new DocumentationInputError('event_unknown', 'eventId');
    actIds.forEach((actId, i) => {
      if (!event.acts.some((act) => act.id === actId)) {
        throw new DocumentationInputError('act_unknown', `actIds.${i}`);
      }
    });
  }
  // Fail before sending anything if the member cannot write documentation.
  currentKey(view.keys, documentationCompartment);

  const base = {
    id: newRecordId(),
    kind: url === null ? ('file' as const) : ('link' as const),
    title,
    url,
    capturedAt: now.toISOString(),
    source,
    method,
    eventId: capture.eventId,
    actIds,
  };
  // The record's own fields are checked before the file goes anywhere.
  parseRecord(EvidenceSchema, { ...base, attachmentSeq: null, sha256: '0'.repeat(64), size: null });
  let target = view;
  let evidence: Evidence;
  if (capture.file !== undefined) {
    const uploaded = await uploadFile(session, view.summary.id, capture.file, undefined, {
      keepMetadata: true,
    });
    evidence = parseRecord(EvidenceSchema, {
      ...base,
      attachmentSeq: view.timeline.head.version + 1,
      sha256: uploaded.content.original.sha256,
      size: uploaded.content.original.size,
    });
    const head = await appendAttachment(session, view, documentationCompartment, uploaded);
    target = { ...view, timeline: { ...view.timeline, head } };
  } else {
    evidence = parseRecord(EvidenceSchema, {
      ...base,
      attachmentSeq: null,
      sha256: linkHash(url as string),
      size: null,
    });
  }
  const version = await appendToCase(
    session,
    target,
    documentationCompartment,
    'evidence.recorded',
    evidence,
  );
  return { version, evidence };
}

function itemOf(view: CaseView, evidenceId: string): EvidenceItem {
  const item = evidenceOf(view).find((e) => e.evidence.id === evidenceId);
  if (!item) throw new DocumentationInputError('evidence_unknown', 'evidenceId');
  return item;
}

/** Reads a stored original whole through its stream, hashing as it comes. */
async function readOriginal(
  session: MemberSession,
  attachment: Attachment,
  keep: boolean,
): Promise<{ sha256: string; bytes: Uint8Array | null }> {
  const hash = createSha256();
  const pieces: Uint8Array[] = [];
  let size = 0;
  const reader = openAttachment(session, attachment).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    size += value.length;
    if (keep) pieces.push(value);
  }
  if (!keep) return { sha256: hash.digest(), bytes: null };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.length;
  }
  return { sha256: hash.digest(), bytes };
}

/**
 * What a failed read of a stored original says of it: changed ciphertext fails to
 * authenticate (CryptoError) and changed plaintext fails its digest — `altered`; a file
 * the server no longer has — `unreadable`. Anything else (the network, a rate limit) says
 * nothing of the file: null, and the caller lets the error through.
 */
function failedRead(error: unknown): 'altered' | 'unreadable' | null {
  if (error instanceof CryptoError) return 'altered';
  if (error instanceof AttachmentError) {
    return error.code === 'digest_mismatch' ? 'altered' : null;
  }
  if (error instanceof CorridorApiError && error.code === 'not_found') return 'unreadable';
  return null;
}

/**
 * Verifies evidence: downloads and decrypts the stored original, hashes it and compares
 * with the hash taken at capture (a link alone: the hash of its address). The result is
 * recorded in the custody trail as a `verified` entry, with the hash read back.
 * @returns the result, the hash read (null if unreadable), and the case's new version
 */
export async function verifyEvidence(
  session: MemberSession,
  view: CaseView,
  evidenceId: string,
): Promise<{
  result: 'intact' | 'altered' | 'unreadable';
  sha256: string | null;
  version: number;
}> {
  const item = itemOf(view, evidenceId);
  let result: 'intact' | 'altered' | 'unreadable';
  let read: string | null = null;
  if (item.attachment === null) {
    read = linkHash(item.evidence.url as string);
    result = read === item.evidence.sha256 ? 'intact' : 'altered';
  } else {
    try {
      read = (await readOriginal(session, item.attachment, false)).sha256;
      result = read === item.evidence.sha256 ? 'intact' : 'altered';
    } catch (error) {
      const found = failedRead(error);
      if (found === null) throw error;
      result = found;
    }
  }
  const entry: CustodyEntry = {
    evidenceId,
    action: 'verified',
    sha256: read,
    result,
    recipient: '',
    note: '',
  };
  const version = await appendToCase(
    session,
    view,
    documentationCompartment,
    'evidence.custody',
    entry,
  );
  return { result, sha256: read, version };
}

/**
 * Hands out a copy of evidence: reads the original, checks it still hashes to the
 * capture hash (else `evidence_altered`, and nothing is logged or given), logs a custody
 * entry with that hash, the action and the recipient, and returns the bytes. A link
 * alone gives its address as text.
 * @throws DocumentationInputError `text_required` (no recipient), `evidence_unknown`, `evidence_altered`
 */
export async function exportEvidence(
  session: MemberSession,
  view: CaseView,
  evidenceId: string,
  action: Exclude<CustodyAction, 'verified'>,
  recipient: string,
  note: string,
): Promise<{ bytes: Uint8Array; sha256: string; name: string; type: string; version: number }> {
  const to = requiredText(recipient, 'recipient');
  const item = itemOf(view, evidenceId);
  const entry = parseRecord(CustodyEntrySchema, {
    evidenceId,
    action,
    sha256: item.evidence.sha256,
    result: null,
    recipient: to,
    note: note.trim(),
  });
  let bytes: Uint8Array;
  let name: string;
  let type: string;
  if (item.attachment === null) {
    bytes = utf8(item.evidence.url as string);
    name = 'link.txt';
    type = 'text/plain';
  } else {
    let read: { sha256: string; bytes: Uint8Array | null };
    try {
      read = await readOriginal(session, item.attachment, true);
    } catch (error) {
      if (failedRead(error) === null) throw error;
      throw new DocumentationInputError('evidence_altered', 'evidenceId');
    }
    if (read.sha256 !== item.evidence.sha256 || read.bytes === null) {
      throw new DocumentationInputError('evidence_altered', 'evidenceId');
    }
    bytes = read.bytes;
    name = item.attachment.name;
    type = item.attachment.type;
  }
  if (sha256(bytes) !== item.evidence.sha256) {
    throw new DocumentationInputError('evidence_altered', 'evidenceId');
  }
  const version = await appendToCase(
    session,
    view,
    documentationCompartment,
    'evidence.custody',
    entry,
  );
  return { bytes, sha256: item.evidence.sha256, name, type, version };
}
