/**
 * The text a member signs (Ed25519, purpose `key-grant`) when granting a team key
 * version to an account: which team and version, to whom, and the sealed key itself.
 * The client and the server build it the same way from this one function.
 */
export function teamKeyGrantStatement(
  teamId: string,
  version: number,
  accountId: string,
  sealedKey: string,
): string {
  return JSON.stringify(['team-key-grant', teamId, version, accountId, sealedKey]);
}
