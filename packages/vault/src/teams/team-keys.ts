import {
  asBoxPublicKey,
  asSignPublicKey,
  type BoxKeyPair,
  type BoxPublicKey,
  CryptoError,
  fromBase64,
  generateBoxKeyPair,
  openSealedBoxSecretKey,
  sealBoxSecretKey,
  sign,
  toBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import {
  addTeamMemberRoute,
  getAccountKeysRoute,
  initialiseTeamKeyRoute,
  removeTeamMemberRoute,
  type TeamViewSchema,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';

export type TeamView = z.infer<typeof TeamViewSchema>;

const grantPurpose = (teamId: string, version: number) => `team:${teamId}:v${version}`;
const chainPurpose = (teamId: string, version: number) => `team:${teamId}:chain:v${version}`;

/** The bytes a granting member signs: which team key version, to whom, and the sealed key itself. */
function grantStatement(
  teamId: string,
  version: number,
  accountId: string,
  sealedKey: string,
): Uint8Array {
  return utf8(JSON.stringify(['team-key-grant', teamId, version, accountId, sealedKey]));
}

function makeGrant(
  session: MemberSession,
  teamId: string,
  version: number,
  recipient: { accountId: string; boxPublicKey: string },
  team: BoxKeyPair,
) {
  const sealedKey = toBase64(
    sealBoxSecretKey(
      asBoxPublicKey(fromBase64(recipient.boxPublicKey)),
      team.secretKey,
      grantPurpose(teamId, version),
    ),
  );
  const signature = toBase64(
    sign(
      session.keys.sign.secretKey,
      'key-grant',
      grantStatement(teamId, version, recipient.accountId, sealedKey),
    ),
  );
  return { accountId: recipient.accountId, sealedKey, signature };
}

/** The first member's browser makes the team's key pair (version 1) and grants it to itself. */
export async function initialiseTeamKey(
  session: MemberSession,
  teamId: string,
): Promise<BoxKeyPair> {
  const team = generateBoxKeyPair();
  const grant = makeGrant(
    session,
    teamId,
    1,
    { accountId: session.account.id, boxPublicKey: session.account.boxPublicKey },
    team,
  );
  await session.api.call(initialiseTeamKeyRoute, {
    params: { teamId },
    body: { boxPublicKey: toBase64(team.publicKey), grant },
  });
  return team;
}

async function publicKeysOf(session: MemberSession, accountId: string) {
  return session.api.call(getAccountKeysRoute, { params: { accountId } });
}

/**
 * Every version of the team's key pair this member can reach: their own grants (each
 * signature checked against the granting member's key), and older versions through the
 * key chain. The newest must match the team's public key.
 * @throws CryptoError `invalid_signature` for a grant not signed by its granter.
 */
export async function openTeamKeys(
  session: MemberSession,
  team: TeamView,
): Promise<Map<number, BoxKeyPair>> {
  const keys = new Map<number, BoxKeyPair>();
  for (const grant of team.myKeys) {
    const granter = await publicKeysOf(session, grant.grantedBy);
    const statement = grantStatement(
      team.id,
      grant.keyVersion,
      session.account.id,
      grant.sealedKey,
    );
    if (
      !verify(
        asSignPublicKey(fromBase64(granter.signPublicKey)),
        'key-grant',
        statement,
        fromBase64(grant.signature),
      )
    ) {
      throw new CryptoError(
        'invalid_signature',
        `the grant of ${team.name} v${grant.keyVersion} is not signed by its granter`,
      );
    }
    const expected: BoxPublicKey | null =
      grant.keyVersion === team.keyVersion && team.boxPublicKey
        ? asBoxPublicKey(fromBase64(team.boxPublicKey))
        : null;
    keys.set(
      grant.keyVersion,
      openSealedBoxSecretKey(
        session.keys.box,
        fromBase64(grant.sealedKey),
        grantPurpose(team.id, grant.keyVersion),
        expected,
      ),
    );
  }
  for (const link of [...team.keyChain].sort((a, b) => b.keyVersion - a.keyVersion)) {
    const newer = keys.get(link.keyVersion + 1);
    if (newer && !keys.has(link.keyVersion)) {
      keys.set(
        link.keyVersion,
        openSealedBoxSecretKey(
          newer,
          fromBase64(link.sealedKey),
          chainPurpose(team.id, link.keyVersion),
          null,
        ),
      );
    }
  }
  return keys;
}

/** The team's current key pair, which this member must hold to add or remove anyone. */
async function currentTeamKey(session: MemberSession, team: TeamView): Promise<BoxKeyPair> {
  const current = (await openTeamKeys(session, team)).get(team.keyVersion);
  if (!current)
    throw new CryptoError('invalid_key', 'this member does not hold the current team key');
  return current;
}

/** Adds a member: seals the current team key to them, signed by this member. */
export async function addTeamMember(
  session: MemberSession,
  team: TeamView,
  accountId: string,
): Promise<void> {
  const current = await currentTeamKey(session, team);
  const recipient = await publicKeysOf(session, accountId);
  await session.api.call(addTeamMemberRoute, {
    params: { teamId: team.id },
    body: {
      keyVersion: team.keyVersion,
      grant: makeGrant(session, team.id, team.keyVersion, recipient, current),
    },
  });
}

/**
 * Removes a member and rotates the team key: a new key pair, sealed to every remaining
 * member, and the old secret sealed to the new key so older data stays readable to
 * them. What is sealed to the team from now on, the removed member cannot open.
 */
export async function removeTeamMember(
  session: MemberSession,
  team: TeamView,
  accountId: string,
): Promise<void> {
  const current = await currentTeamKey(session, team);
  const next = generateBoxKeyPair();
  const remaining = team.members.filter((m) => m.accountId !== accountId);
  const grants = await Promise.all(
    remaining.map(async (member) =>
      makeGrant(
        session,
        team.id,
        team.keyVersion + 1,
        await publicKeysOf(session, member.accountId),
        next,
      ),
    ),
  );
  await session.api.call(removeTeamMemberRoute, {
    params: { teamId: team.id, accountId },
    body: {
      fromVersion: team.keyVersion,
      newBoxPublicKey: toBase64(next.publicKey),
      grants,
      previousKeySealed: toBase64(
        sealBoxSecretKey(next.publicKey, current.secretKey, chainPurpose(team.id, team.keyVersion)),
      ),
    },
  });
}
