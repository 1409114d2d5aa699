import {
  type VerificationChange,
  type VerificationMethod,
  type VerificationOutcome,
  verificationCompartment,
  verificationKinds,
  verificationMethods,
} from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseView } from './cases.ts';

/** A trusted referrer named in a verification: which team's registry, which entry. */
export interface ReferrerRef {
  readonly teamId: string;
  readonly referrerId: string;
}

/** What a verification event holds encrypted in `situation`. */
export interface VerificationDetails {
  readonly methods: readonly VerificationMethod[];
  /** Why this outcome: what was checked and what it showed. Required for every step. */
  readonly reason: string;
  readonly referrer?: ReferrerRef | null;
}

/** One verification step as the member reads it: signed header plus decrypted details. */
export interface VerificationEntry {
  readonly seq: number;
  readonly change: VerificationChange;
  readonly authorId: string;
  readonly createdAt: string;
  /** Null when the member's teams do not hold `situation` (the step itself still shows). */
  readonly details: VerificationDetails | null;
}

/** Thrown before anything is written: a step without a reason, or no method for an outcome. */
export class VerificationInputError extends Error {
  constructor(readonly code: 'reason_required' | 'methods_required') {
    super(code === 'reason_required' ? 'a reason is required' : 'name how it was checked');
  }
}

function cleanDetails(details: VerificationDetails, needMethods: boolean): VerificationDetails {
  const reason = details.reason.trim();
  if (!reason) throw new VerificationInputError('reason_required');
  const methods = [...new Set(details.methods)].filter((m) => verificationMethods.includes(m));
  if (needMethods && methods.length === 0) throw new VerificationInputError('methods_required');
  return { methods, reason, referrer: details.referrer ?? null };
}

const step = (
  session: MemberSession,
  view: CaseView,
  change: VerificationChange,
  details: VerificationDetails,
) =>
  appendToCase(
    session,
    view,
    verificationCompartment,
    verificationKinds[change.step],
    details,
    null,
    undefined,
    { verification: change },
  );

/**
 * Records an outcome other than `verified` (which takes two members: `proposeVerified`
 * then `confirmVerified`). The methods and reason are encrypted in `situation`; the
 * outcome is signed in the clear for the server.
 */
export async function recordVerification(
  session: MemberSession,
  view: CaseView,
  outcome: Exclude<VerificationOutcome, 'verified'>,
  details: VerificationDetails,
): Promise<number> {
  return step(session, view, { step: 'record', outcome }, cleanDetails(details, false));
}

/** Proposes `verified`; another member must confirm it. */
export async function proposeVerified(
  session: MemberSession,
  view: CaseView,
  details: VerificationDetails,
): Promise<number> {
  return step(session, view, { step: 'propose' }, cleanDetails(details, true));
}

/**
 * Confirms the pending proposal of `verified`, as a second member (the server refuses the
 * proposer with `second_member_required`, and a proposal that is not pending).
 */
export async function confirmVerified(
  session: MemberSession,
  view: CaseView,
  reason: string,
  proposalSeq: number | null = view.summary.verification.proposalSeq,
): Promise<number> {
  // With no proposal pending the server refuses whatever seq is named; 1 is never one.
  return step(
    session,
    view,
    { step: 'confirm', proposalSeq: proposalSeq ?? 1 },
    cleanDetails({ methods: [], reason }, false),
  );
}

/**
 * Lets the case move on without `verified` (an emergency: life in danger now). The
 * reason is required and encrypted; that there was an override, by whom and when is
 * visible to the server and in the timeline.
 */
export async function overrideVerification(
  session: MemberSession,
  view: CaseView,
  reason: string,
): Promise<number> {
  return step(session, view, { step: 'override' }, cleanDetails({ methods: [], reason }, false));
}

function asDetails(content: unknown): VerificationDetails | null {
  if (!content || typeof content !== 'object') return null;
  const c = content as Partial<VerificationDetails>;
  return {
    methods: Array.isArray(c.methods)
      ? c.methods.filter((m) => verificationMethods.includes(m))
      : [],
    reason: typeof c.reason === 'string' ? c.reason : '',
    referrer:
      c.referrer && typeof c.referrer === 'object' && typeof c.referrer.referrerId === 'string'
        ? { teamId: String(c.referrer.teamId), referrerId: c.referrer.referrerId }
        : null,
  };
}

/** The case's verification steps, oldest first, from its checked timeline. */
export function verificationHistory(view: CaseView): VerificationEntry[] {
  return view.timeline.entries.flatMap((entry) =>
    entry.verification
      ? [
          {
            seq: entry.seq,
            change: entry.verification,
            authorId: entry.authorId,
            createdAt: entry.createdAt,
            details: asDetails(entry.content),
          },
        ]
      : [],
  );
}
