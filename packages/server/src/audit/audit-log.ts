import { randomToken } from '@corridor/crypto';
import type { Storage } from '../storage/storage.ts';

/** What kind of thing a member did; never what it contained. */
export type AuditAction =
  /**
   * Check-ins: an alarm rung fired (detail: `<check-in id> <kind> rung <n>`), recorded under
   * the member who scheduled the check-in, since the sweep acts for no one.
   */
  | 'checkin.alarm'
  /** Check-ins: the evacuee checked in by word through their conversation (detail: the check-in id). */
  | 'checkin.word'
  /** Check-ins: read a case's check-in states (or was refused them: `case.refused`). */
  | 'checkin.read'
  /** Check-ins: read the check-in states of their whole caseload (no case id, as for `case.list`). */
  | 'checkin.list'
  /** Alarms: listed their alarms (no case id, as for `case.list`). */
  | 'alarm.list'
  /** Alarms: acknowledged one (detail: the alarm id). */
  | 'alarm.acknowledge'
  /** Alerts: asked for a Telegram link code (no detail: the code is never recorded). */
  | 'alerts.code'
  /** Alerts: linked a Telegram chat for alarm notices (detail: `telegram`). */
  | 'alerts.link'
  /** Alerts: unlinked it, from the staff app or by `/alerts off` (detail: `telegram app` or `telegram chat`). */
  | 'alerts.unlink'
  | 'case.create'
  | 'case.read'
  | 'case.write'
  | 'case.access'
  /** Listed their teams' cases: that they asked is on record, not what the list held. */
  | 'case.list'
  /**
   * Asked for a case their teams do not hold, or that does not exist (ASVS 16.3.3); the
   * detail names what was asked for (`case.read`, `case.write`, `case.access`,
   * `attachment.upload`, `attachment.download`).
   */
  | 'case.refused'
  /** Mentioned members in a note (the event is a `case.write`); the detail names them by id. */
  | 'case.mention'
  /** Listed who can read a case, to mention them. */
  | 'case.members'
  /** Listed their own mentions (no case id, as for `case.list`). */
  | 'mention.list'
  /** Marked their mentions in a case read. */
  | 'mention.read'
  /** Finished an attachment upload (the event naming it is a `case.write`). */
  | 'attachment.upload'
  /** Downloaded an attachment's ciphertext: each copy taken is on record. */
  | 'attachment.download'
  /** Read a team's registry of referrers (no case id; the detail is the team id). */
  | 'referrer.list'
  /** Added or changed a referrer (the detail is the team id and referrer id). */
  | 'referrer.write'
  /** Intake: opened a conversation's sealed messages (detail: the conversation id). */
  | 'intake.read'
  /** Intake: replied in, marked or linked a conversation (detail: the conversation id). */
  | 'intake.write'
  /** Intake: asked for a conversation outside the hotline team (detail: the conversation id). */
  | 'intake.refused'
  /**
   * Intake: a hand-over step — offered, accepted, declined, cancelled, expired (detail:
   * the conversation id, the step and the hand-over id). An expiry is recorded under the
   * owner it returned to.
   */
  | 'intake.handover'
  /** Shelters: listed them, or a shelter's placements (detail: the shelter id, if one). */
  | 'shelter.list'
  /** Shelters: added or changed one (detail: team id and shelter id). */
  | 'shelter.write'
  /**
   * Shelters: a placement step — requested, accepted, declined, ended, or refused as not
   * verified (detail: the step, the shelter id and the placement id); the case id is set.
   */
  | 'shelter.placement'
  /** Funds: an administrator set the organisation's approval threshold (detail: `threshold`). */
  | 'funds.setting'
  /** Registered, changed or removed a partner organisation (detail: the partner id and which). */
  | 'partner.write'
  /** Listed a case's referrals. */
  | 'referral.list'
  /**
   * Shared part of a case with a partner (detail: referral id, partner id, mode, consent
   * basis and the NAMES of the fields shared — what was shared with whom, never a value).
   */
  | 'referral.sent'
  /**
   * A referral changed state (detail: referral id and the new state). A partner's answer
   * through their link is recorded under the member who made the referral, marked `partner`.
   */
  | 'referral.state'
  /** Vocabularies: an administrator chose the vocabulary team (detail: the team id, or `none`). */
  | 'vocabulary.setting'
  /** Vocabularies: read the vocabulary team's records (detail: the team id). */
  | 'vocabulary.list'
  /** Vocabularies: stored a vocabulary's next version (detail: team id and kind, never a term). */
  | 'vocabulary.write';

/**
 * Records who did what kind of thing to which case, and when (ASVS 16.3.2). Written in
 * the same transaction as the change it records, so neither exists without the other.
 */
export async function audit(
  db: Storage['db'],
  accountId: string,
  action: AuditAction,
  caseId: string | null,
  at: string,
  /** What an access change was about (part and team ids), or what was refused; never content. */
  detail: string | null = null,
): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({ id: randomToken(16), account_id: accountId, action, case_id: caseId, at, detail })
    .execute();
}

/** The same entry for each of several cases, in one statement (a batch read). */
export async function auditEach(
  db: Storage['db'],
  accountId: string,
  action: AuditAction,
  caseIds: readonly string[],
  at: string,
  detail: string | null = null,
): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insertInto('audit_entry')
    .values(
      caseIds.map((caseId) => ({
        id: randomToken(16),
        account_id: accountId,
        action,
        case_id: caseId,
        at,
        detail,
      })),
    )
    .execute();
}
