import type { ClosedReason, Stage } from '@corridor/protocol';
import type { ExpenseTotal } from '../funds/expense-totals.ts';
import type { Act, Consent, CustodyEntry, Evidence, Involvement, Person } from './records.ts';

/**
 * What reports need of one case, made where the case is decrypted (the unlock workers),
 * so no testimony text leaves them: consent of each testimony, the coded events, the
 * evidence's state, the outcomes and the spending. The report builder works on these only.
 */
export interface DocumentationDigest {
  readonly caseId: string;
  readonly stage: Stage;
  readonly closedReason: ClosedReason | null;
  /** When the case was opened (UTC): the period of a person's first contact. */
  readonly openedAt: string;
  /** False when the member cannot read `testimony`: the case's violations are unknown, not none. */
  readonly readsTestimony: boolean;
  /** Each testimony's consent (null: none recorded) and interview date, by testimony id. */
  readonly testimonies: readonly DigestTestimony[];
  readonly events: readonly DigestEvent[];
  readonly evidence: readonly DigestEvidence[];
  readonly outcomes: DigestOutcomes;
  /** What the case spent, per category and per month, in each currency (never converted). */
  readonly spending: {
    readonly byCategory: readonly ExpenseTotal[];
    readonly byMonth: readonly ExpenseTotal[];
  };
  /** Records that did not pass their checks when read: shown as warnings, never counted. */
  readonly problems: readonly DigestProblem[];
}

export interface DigestTestimony {
  readonly id: string;
  readonly interviewDate: string;
  readonly language: string;
  readonly consent: Consent | null;
}

/** A violation event as coded, without free text but its title (quotes need consent). */
export interface DigestEvent {
  readonly id: string;
  readonly title: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly place: string | null;
  readonly sources: readonly string[];
  readonly acts: readonly Omit<Act, 'note'>[];
  readonly persons: readonly Person[];
  readonly involvements: readonly Involvement[];
  readonly vocabularyVersions: Readonly<Record<string, number>>;
}

export interface DigestEvidence {
  readonly evidence: Evidence;
  /** Its custody trail, oldest first, with who and when from the signed events. */
  readonly custody: readonly (CustodyEntry & { readonly by: string; readonly at: string })[];
}

/** Outcomes as the case's rescue records say (null: not reached, or not readable). */
export interface DigestOutcomes {
  /** The arrival date (`YYYY-MM-DD`) of the last leg of an evacuation plan all of whose legs arrived. */
  readonly evacuatedOn: string | null;
  /** The relocation's arrival date, once arrived or settled. */
  readonly relocatedOn: string | null;
  /** ISO country code of the relocation's destination. */
  readonly relocatedTo: string | null;
}

export interface DigestProblem {
  readonly seq: number;
  readonly kind: 'testimony' | 'violation' | 'evidence' | 'custody';
  /** The check it failed: `unknown_term`, `dates_out_of_order`, `act_without_victim`, `unreadable`… */
  readonly code: string;
}
