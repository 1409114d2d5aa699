/** The numbers of case writes, in one place (the caps themselves are in the protocol). */
export const casePolicy = {
  /**
   * Case writes (opening, appending events, granting, revoking, rotating keys) one account
   * may make per minute, across every server instance. A person writes a few a minute;
   * re-keying after someone leaves a team is the largest burst, one write per compartment
   * of each case the team holds. Set with CORRIDOR_CASE_WRITES_PER_MINUTE.
   */
  writesPerMinute: 240,
  /** The window the limit is counted over. */
  windowMs: 60 * 1000,
} as const;
