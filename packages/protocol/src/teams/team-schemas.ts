import { z } from 'zod';
import { base64Url, HandleSchema } from '../auth/auth-schemas.ts';

const id = z.string().min(1).max(64);
const publicKey = base64Url(44);
/** A team secret key sealed to one member (see docs/protocol/v1.md, sealed key). */
const sealedKey = base64Url(200);
/** Ed25519 signature of the granting member over the sealed key (purpose `key-grant`). */
const signature = base64Url(88);

export const TeamNameSchema = z.string().min(1).max(60);

export const KeyGrantSchema = z.object({
  accountId: id,
  sealedKey,
  /** Signature by the granting member over the grant (see teams/key-grant in vault). */
  signature,
});

export const CreateTeamBody = z.object({ name: TeamNameSchema, firstMemberId: id });
export const TeamCreated = z.object({ teamId: id });

export const InitialiseTeamKeyBody = z.object({ boxPublicKey: publicKey, grant: KeyGrantSchema });

export const AddMemberBody = z.object({
  keyVersion: z.number().int().min(1),
  grant: KeyGrantSchema,
});

export const RemoveMemberBody = z.object({
  /** The version being replaced: a stale rotation is refused with `conflict`. */
  fromVersion: z.number().int().min(1),
  newBoxPublicKey: publicKey,
  /** The new team secret key sealed to every remaining member, and only to them. */
  grants: z.array(KeyGrantSchema).min(1).max(500),
  /** The previous team secret key sealed to the new public key: the chain to older data. */
  previousKeySealed: sealedKey,
});

export const TeamParams = z.object({ teamId: id });
export const TeamMemberParams = z.object({ teamId: id, accountId: id });

export const TeamViewSchema = z
  .object({
    id,
    name: TeamNameSchema,
    keyVersion: z.number().int().min(0),
    boxPublicKey: publicKey.nullable(),
    members: z.array(z.object({ accountId: id, handle: HandleSchema })).max(500),
    /** The caller's own grants, newest version last. */
    myKeys: z
      .array(
        z.object({
          keyVersion: z.number().int().min(1),
          sealedKey,
          grantedBy: id,
          signature,
        }),
      )
      .max(1000),
    /** Each older secret key sealed to the next version's public key. */
    keyChain: z.array(z.object({ keyVersion: z.number().int().min(1), sealedKey })).max(1000),
  })
  .meta({ id: 'TeamView' });

export const TeamList = z.object({ teams: z.array(TeamViewSchema).max(200) });

export const AccountKeysParams = z.object({ accountId: id });
export const AccountPublicKeys = z.object({
  accountId: id,
  handle: HandleSchema,
  /** Disabled accounts are still returned by id: their old grants must stay checkable. */
  status: z.enum(['active', 'disabled']),
  boxPublicKey: publicKey,
  signPublicKey: publicKey,
});

export const HandleParams = z.object({ handle: HandleSchema });

/** Every team with a key, as any member may see it: to share a case with a team. */
export const TeamDirectory = z.object({
  teams: z
    .array(
      z.object({
        id,
        name: TeamNameSchema,
        keyVersion: z.number().int().min(1),
        boxPublicKey: publicKey,
      }),
    )
    .max(1_000),
});
