// The check-in schedule's tables as Kysely sees them (migration 0023-checkins), kept
// beside the feature; storage/schema.ts lists them in `Database`.

/**
 * One check-in as the server keeps it: when it is due, whom to alert, the digests of the
 * evacuee's words. Never the route, the leg or the note (those are in the encrypted event).
 */
export interface CheckinTable {
  id: string;
  case_id: string;
  purpose: 'arrival' | 'follow_up';
  /** ISO time, normalised by `toISOString`, so text order is time order. */
  due_at: string;
  grace_minutes: number;
  /** due_at + grace: when the sweep raises the alarm. */
  deadline: string;
  /** JSON of the signed ladder (LadderStep[]). */
  ladder: string;
  conversation_id: string | null;
  /** `argon2id-v1$<salt>`, or the bare salt for BLAKE2b digests (see `storedWordSalt`). */
  word_salt: string | null;
  safe_digest: string | null;
  duress_digest: string | null;
  status: 'pending' | 'missed' | 'on_time' | 'late' | 'duress' | 'cancelled';
  scheduled_seq: number;
  scheduled_by: string;
  created_at: string;
  recorded_at: string | null;
}

/** The alarm of a check-in (at most one): raised, escalated rung by rung, acknowledged, resolved. */
export interface CheckinAlarmTable {
  id: string;
  checkin_id: string;
  case_id: string;
  kind: 'missed_arrival' | 'lost_contact' | 'duress';
  /** 1 for duress: nothing shows to the evacuee's side. */
  silent: number;
  /** The last rung that fired. The compare-and-set on it is each escalation's claim. */
  rung: number;
  /** When the next rung fires; null when none is left. */
  next_at: string | null;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

/** One member alerted by one rung of an alarm: unique, so a rung never alerts anyone twice. */
export interface CheckinAlertTable {
  alarm_id: string;
  checkin_id: string;
  rung: number;
  account_id: string;
  alerted_at: string;
}

/** A word tried on a conversation's check-in, right or wrong: what the rate limit counts. */
export interface CheckinWordAttemptTable {
  id: string;
  conversation_id: string;
  at: string;
}
