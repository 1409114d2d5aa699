import { randomToken, sha256, tokenDigest } from '@corridor/crypto';
import {
  type Referral as CaseReferral,
  createReferralRoute,
  getReferralSettingsRoute,
  listCaseReferralsRoute,
  type Partner,
  ReferralFieldSchema,
  type ReferralMode,
  type ReferralPackage,
  referralPackageFormat,
  revokeReferralRoute,
} from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { writeEvent } from '../cases/case-events.ts';
import { type CaseView, currentKey } from '../cases/cases.ts';
import { checkPartner } from './partners.ts';
import { referralFieldOptions } from './referral-fields.ts';
import { lockReferralPackage } from './referral-package.ts';

export type { CaseReferral };

/** The consent gate: how the person agreed to this sharing, or why it goes without. */
export type ReferralConsent =
  | { readonly basis: 'consent'; readonly how: string }
  | { readonly basis: 'override'; readonly reason: string };

export interface NewReferral {
  readonly partner: Partner;
  /** `source.field` names from `referralFieldOptions`; at least one. */
  readonly fields: readonly string[];
  readonly consent: ReferralConsent;
  readonly lock:
    | { readonly mode: 'sealed' }
    | { readonly mode: 'password'; readonly password: string };
  /** Who refers, as the package names them. */
  readonly from: { readonly organisation: string; readonly member: string };
  /** Where the partner answers (`getReferralSettings`); null leaves only the token. */
  readonly responseBaseUrl: string | null;
}

/** What the timeline's `referral.sent` event holds encrypted in `general`. */
export interface ReferralEventContent {
  readonly referralId: string;
  readonly partnerId: string;
  readonly partnerName: string;
  readonly fields: readonly string[];
  readonly consent: ReferralConsent;
  readonly mode: ReferralMode;
  readonly packageSha256: string;
}

export type ReferralInputErrorCode =
  | 'fields_required'
  | 'field_unknown'
  | 'consent_required'
  | 'partner_has_no_key'
  /** Sealed mode, and the partner record's signature does not check out (`checkPartner`). */
  | 'partner_unverified'
  | 'password_too_short';

/** Thrown before anything is built, sent or written. */
export class ReferralInputError extends Error {
  constructor(readonly code: ReferralInputErrorCode) {
    super(code);
  }
}

export interface MadeReferral {
  readonly referral: CaseReferral;
  /** The package to hand to the partner: it is never uploaded. */
  readonly file: Uint8Array;
  readonly fileName: string;
  readonly version: number;
}

function checkConsent(consent: ReferralConsent): ReferralConsent {
  if (consent.basis === 'consent') {
    const how = consent.how.trim();
    if (!how) throw new ReferralInputError('consent_required');
    return { basis: 'consent', how };
  }
  const reason = consent.reason.trim();
  if (!reason) throw new ReferralInputError('consent_required');
  return { basis: 'override', reason };
}

/**
 * Makes a referral: checks the consent gate and the chosen fields, builds the package of
 * ONLY those fields in this browser, locks it (sealed to the partner's key — once its
 * record's signature by an administrator checks out — or with a password), and records on the server the field names, consent basis, mode and the
 * package's SHA-256 together with a signed `referral.sent` event (details encrypted in
 * `general`). The package's bytes are returned for download and never sent anywhere.
 * @throws ReferralInputError before anything is written
 */
export async function makeReferral(
  session: MemberSession,
  view: CaseView,
  input: NewReferral,
): Promise<MadeReferral> {
  const consent = checkConsent(input.consent);
  const chosen = [...new Set(input.fields)];
  if (chosen.length === 0) throw new ReferralInputError('fields_required');
  const options = new Map(referralFieldOptions(view).map((o) => [o.name, o.value]));
  const fields: Record<string, string> = {};
  for (const name of chosen) {
    const value = options.get(name);
    if (value === undefined || !ReferralFieldSchema.safeParse(name).success) {
      throw new ReferralInputError('field_unknown');
    }
    fields[name] = value;
  }
  if (input.lock.mode === 'sealed' && !input.partner.publicKey) {
    throw new ReferralInputError('partner_has_no_key');
  }
  // The key comes from the server: seal to it only as an administrator signed it, or a
  // server swapping the key would receive this package.
  if (input.lock.mode === 'sealed' && (await checkPartner(session, input.partner)).problem) {
    throw new ReferralInputError('partner_unverified');
  }
  if (input.lock.mode === 'password' && [...input.lock.password].length < 12) {
    throw new ReferralInputError('password_too_short');
  }

  const referralId = randomToken(16);
  const token = randomToken(32);
  const pkg: ReferralPackage = {
    format: referralPackageFormat,
    referralId,
    from: input.from,
    to: { partnerId: input.partner.id, name: input.partner.name },
    createdAt: new Date().toISOString(),
    fields,
    response: {
      token,
      url: input.responseBaseUrl ? new URL(`referral/${token}`, input.responseBaseUrl).href : null,
    },
  };
  const file = lockReferralPackage(
    pkg,
    input.lock.mode === 'sealed'
      ? { mode: 'sealed', publicKey: input.partner.publicKey as string }
      : { mode: 'password', password: input.lock.password },
  );
  const packageSha256 = sha256(file);
  const names = Object.keys(fields).sort();
  const content: ReferralEventContent = {
    referralId,
    partnerId: input.partner.id,
    partnerName: input.partner.name,
    fields: names,
    consent,
    mode: input.lock.mode,
    packageSha256,
  };
  const { event } = writeEvent(
    session,
    view.summary.id,
    view.timeline.head,
    'general',
    currentKey(view.keys, 'general'),
    'referral.sent',
    content,
  );
  const created = await session.api.call(createReferralRoute, {
    params: { caseId: view.summary.id },
    body: {
      referralId,
      partnerId: input.partner.id,
      fields: names,
      consent: consent.basis,
      mode: input.lock.mode,
      packageSha256,
      responseDigest: tokenDigest('referral-response', token),
      expectedVersion: view.timeline.head.version,
      event,
    },
  });
  return {
    referral: created.referral,
    file,
    fileName: `referral-${referralId.slice(0, 8)}.corridor`,
    version: created.version,
  };
}

/** The case's referrals with their states, newest first. */
export async function listReferrals(
  session: MemberSession,
  caseId: string,
): Promise<CaseReferral[]> {
  return (await session.api.call(listCaseReferralsRoute, { params: { caseId } })).referrals;
}

/** Withdraws a referral that is `sent` or `accepted`. */
export async function revokeReferral(
  session: MemberSession,
  caseId: string,
  referralId: string,
): Promise<CaseReferral> {
  return (await session.api.call(revokeReferralRoute, { params: { caseId, referralId } })).referral;
}

/** Where partners answer, for the package's link. */
export async function referralResponseBaseUrl(session: MemberSession): Promise<string | null> {
  return (await session.api.call(getReferralSettingsRoute)).responseBaseUrl;
}

/** The encrypted details of each `referral.sent` event the member can read, by referral id. */
export function referralDetails(view: CaseView): Map<string, ReferralEventContent> {
  const details = new Map<string, ReferralEventContent>();
  for (const entry of view.timeline.entries) {
    if (entry.kind !== 'referral.sent' || !entry.content || typeof entry.content !== 'object') {
      continue;
    }
    const content = entry.content as ReferralEventContent;
    if (typeof content.referralId === 'string') details.set(content.referralId, content);
  }
  return details;
}
