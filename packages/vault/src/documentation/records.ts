import { TermIdSchema } from '@corridor/protocol';
import { z } from 'zod';
import { isCalendarDate } from '../relocation/relocation.ts';

/**
 * The documentation records of a case (domain.md, "Documentation"): testimonies with
 * consent, violation events coded as acts and involvements (HURIDOCS Events Standard
 * Formats), and evidence with its custody trail. Each is written whole, encrypted in the
 * case's `testimony` compartment; the latest event naming a record's id is the record.
 * The server sees only the event kinds below and ciphertext.
 *
 * Event kinds:
 * - `testimony.recorded` — a `Testimony`, whole (a consent change is a new version);
 * - `violation.coded` — a `ViolationEvent`, whole, with its acts, persons and involvements;
 * - `evidence.recorded` — an `Evidence`: capture details of a file attached to the case
 *   in `testimony` (its `attachment.added` event, by seq) or of a link;
 * - `evidence.custody` — a `CustodyEntry`: one copy, export, transfer or verification.
 */

/** A record's id, made by the browser that creates it (16 random bytes, URL-safe base64). */
export const RecordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/** A calendar date, `YYYY-MM-DD`, that exists (2026-02-30 does not). */
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'not a calendar date');

/** A language tag (BCP 47, short form): `ru`, `ce`, `en-GB`. */
export const LanguageTagSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/);

/** How consent was given. */
export const consentMethods = ['written', 'oral_recorded', 'oral_witnessed', 'electronic'] as const;
export const ConsentMethodSchema = z.enum(consentMethods);
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;

/**
 * Informed consent to the uses of a testimony. `uses` are terms of the `consent_uses`
 * vocabulary: `internal_only`, `anonymised_statistics`, `anonymised_quotes`,
 * `named_publication`, and the named bodies under `sharing_with_named_bodies` (`united_nations`,
 * `osce`, `courts`, or an organisation's own). A use not listed is not allowed; after
 * `expiresOn` no use but internal is.
 */
export const ConsentSchema = z
  .object({
    uses: z.array(TermIdSchema).min(1).max(30),
    givenOn: CalendarDateSchema,
    /** The last day the consent holds; null: until withdrawn. */
    expiresOn: CalendarDateSchema.nullable(),
    method: ConsentMethodSchema,
    /** Who witnessed it, where the recording is, conditions the person set. */
    note: z.string().max(2_000),
  })
  .strict();
export type Consent = z.infer<typeof ConsentSchema>;

export const maxTestimonyChars = 200_000;

export const TestimonySchema = z
  .object({
    id: RecordIdSchema,
    /** The statement as given, in any language. */
    text: z.string().min(1).max(maxTestimonyChars),
    language: LanguageTagSchema,
    interviewDate: CalendarDateSchema,
    /** Who took the statement, as they sign reports (not necessarily an account). */
    interviewer: z.string().min(1).max(200),
    /** Null only in records written before consent was taken: such a testimony is used for nothing. */
    consent: ConsentSchema.nullable(),
  })
  .strict();
export type Testimony = z.infer<typeof TestimonySchema>;

/** The acts one event may hold, and the persons and involvements that link them. */
export const violationLimits = { acts: 100, persons: 100, involvements: 500, sources: 50 } as const;

/** Verification of an act, as the UN monitoring mechanisms keep it: a status and its date. */
export const ActVerificationSchema = z
  .object({
    /** A term of `act_verification_statuses`: `unverified`, `corroborated`, `verified`. */
    status: TermIdSchema,
    date: CalendarDateSchema,
  })
  .strict();

export const ActSchema = z
  .object({
    id: RecordIdSchema,
    /** A term of `act_types`. */
    type: TermIdSchema,
    startDate: CalendarDateSchema,
    /** Null while it goes on or is unknown; a detention's length is counted from the two. */
    endDate: CalendarDateSchema.nullable(),
    /** Terms of `methods`. */
    methods: z.array(TermIdSchema).max(20),
    /** A term of `places`: where the person was held, for acts of detention. */
    detentionPlace: TermIdSchema.nullable(),
    verification: ActVerificationSchema,
    note: z.string().max(5_000),
  })
  .strict();
export type Act = z.infer<typeof ActSchema>;

/**
 * A person an event involves. `caseSubject` marks the person the case is about; others
 * (a second detainee, an officer) are named here only as the label says.
 */
export const PersonSchema = z
  .object({
    id: RecordIdSchema,
    /** A pseudonym or description ("Detainee B", "Officer in a black uniform"). */
    label: z.string().min(1).max(200),
    caseSubject: z.boolean(),
  })
  .strict();
export type Person = z.infer<typeof PersonSchema>;

export const InvolvementSchema = z
  .object({
    personId: RecordIdSchema,
    actId: RecordIdSchema,
    /** A term of `involvement_roles`: `victim`, `perpetrator`, `source`, `intervening_party`. */
    role: TermIdSchema,
    /** A term of `perpetrator_types` when the role is `perpetrator`; null otherwise. */
    perpetratorType: TermIdSchema.nullable(),
  })
  .strict();
export type Involvement = z.infer<typeof InvolvementSchema>;

export const ViolationEventSchema = z
  .object({
    id: RecordIdSchema,
    title: z.string().min(1).max(300),
    startDate: CalendarDateSchema,
    endDate: CalendarDateSchema.nullable(),
    /** A term of `places`: where it happened. */
    place: TermIdSchema.nullable(),
    /** The testimonies (ids in the same case) the coding rests on: their consent governs its use. */
    sources: z.array(RecordIdSchema).max(violationLimits.sources),
    acts: z.array(ActSchema).min(1).max(violationLimits.acts),
    persons: z.array(PersonSchema).max(violationLimits.persons),
    involvements: z.array(InvolvementSchema).max(violationLimits.involvements),
    /** The vocabulary versions it was coded against, by vocabulary id. */
    vocabularyVersions: z.record(z.string().max(64), z.number().int().min(1)),
  })
  .strict();
export type ViolationEvent = z.infer<typeof ViolationEventSchema>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const evidenceKinds = ['file', 'link'] as const;

/**
 * A piece of evidence as captured (Berkeley Protocol): what it is, its SHA-256 at capture,
 * when (UTC), from where and how, and the acts it supports. A file is the seq of its
 * `attachment.added` event in `testimony`, uploaded with nothing removed, so the stored
 * bytes are the original; a link is its address with the hash of the address as written
 * (and, if someone saved the page, a file too).
 */
export const EvidenceSchema = z
  .object({
    id: RecordIdSchema,
    kind: z.enum(evidenceKinds),
    title: z.string().min(1).max(300),
    /** The `attachment.added` event holding the original; null for a link with no saved copy. */
    attachmentSeq: z.number().int().min(1).nullable(),
    url: z.string().url().max(2_000).nullable(),
    /** SHA-256 of the original file (of the URL's text for a link without a file). */
    sha256: sha256Hex,
    size: z.number().int().min(0).nullable(),
    /** When it was captured, UTC (`2026-11-26T09:30:00.000Z`). */
    capturedAt: z.iso.datetime(),
    /** Where it came from: "the person's own phone", "a relative", "VK post". */
    source: z.string().min(1).max(500),
    /** How it was obtained: "photographed by the interviewer", "exported chat". */
    method: z.string().min(1).max(500),
    /** The violation event and acts it supports, by id. */
    eventId: RecordIdSchema.nullable(),
    actIds: z.array(RecordIdSchema).max(violationLimits.acts),
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

export const custodyActions = ['copied', 'exported', 'transferred', 'verified'] as const;
export const CustodyActionSchema = z.enum(custodyActions);
export type CustodyAction = z.infer<typeof CustodyActionSchema>;

/** One link of an evidence item's chain of custody; who and when come from the signed event. */
export const CustodyEntrySchema = z
  .object({
    evidenceId: RecordIdSchema,
    action: CustodyActionSchema,
    /** The hash of what was copied, exported, transferred or read back when verifying. */
    sha256: sha256Hex.nullable(),
    /** For a verification: whether the stored file still hashes to the capture hash. */
    result: z.enum(['intact', 'altered', 'unreadable']).nullable(),
    /** To whom or where ("UN OHCHR, by their upload portal"); empty for a verification. */
    recipient: z.string().max(500),
    note: z.string().max(2_000),
  })
  .strict();
export type CustodyEntry = z.infer<typeof CustodyEntrySchema>;
