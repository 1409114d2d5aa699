/** The numbers of the account rules, in one place (OWASP ASVS 5 §6–7, GlobaLeaks). */
export const authPolicy = {
  /** A session ends this long after login, whatever happens. */
  sessionLifetimeMs: 12 * 60 * 60 * 1000,
  /**
   * …and after this long without a request. The UI locks itself (dropping the keys) after
   * 30 minutes; the session outlives that so the member can unlock with the password.
   */
  sessionIdleMs: 4 * 60 * 60 * 1000,
  /** last_seen_at is written at most this often, not on every request. */
  sessionTouchMs: 60 * 1000,
  /** Between the two OPAQUE login messages. */
  loginAttemptMs: 2 * 60 * 1000,
  /** Failed logins per handle (known or not) within the window before refusing. */
  maxFailures: 5,
  failureWindowMs: 15 * 60 * 1000,
  backupCodes: 10,
  /** Security keys and passkeys one member may enrol. */
  maxSecurityKeys: 10,
  /** Between asking for a new security key's options and its answer. */
  securityKeyEnrolmentMs: 5 * 60 * 1000,
  /** Changes to keys and accounts need the password proved this recently (login or unlock). */
  reauthenticationMs: 5 * 60 * 1000,
  /**
   * Requests per client address per minute to login, sign-up, unlock and recovery, in
   * each server process; the per-handle limit above is what stops guessing a password.
   */
  perAddressPerMinute: 60,
} as const;
