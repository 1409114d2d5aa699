import {
  asBoxPublicKey,
  asSymmetricKey,
  type BoxKeyPair,
  caseKeyId,
  deriveSubkey,
  fromBase64,
  generateSymmetricKey,
  openSealedKey,
  type RecordKey,
  sealKey,
  toBase64,
  unwrapKey,
  wrapKey,
} from '@corridor/crypto';
import { type CaseDetail, type Compartment, listTeamsRoute } from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import { openTeamKeys } from '../teams/team-keys.ts';

/** Every version of every team key the member holds: team id → version → key pair. */
export type TeamKeyring = Map<string, Map<number, BoxKeyPair>>;

/** Every compartment key version the member can reach for one case. */
export type CompartmentKeys = Map<Compartment, Map<number, RecordKey>>;

const sealPurpose = (caseId: string, compartment: string, version: number) =>
  `case:${caseId}:${compartment}:v${version}`;
const chainPurpose = (caseId: string, compartment: string, version: number) =>
  `case:${caseId}:${compartment}:chain:v${version}`;

/** The team keys this member holds, each grant's signature checked (see openTeamKeys). */
export async function loadTeamKeyring(session: MemberSession): Promise<TeamKeyring> {
  const { teams } = await session.api.call(listTeamsRoute);
  const ring: TeamKeyring = new Map();
  for (const team of teams) {
    if (team.keyVersion >= 1) ring.set(team.id, await openTeamKeys(session, team));
  }
  return ring;
}

export const newCompartmentKey = (): RecordKey => generateSymmetricKey('record');

/** Seals a compartment key to a team's public key, for this case, compartment and version only. */
export function sealCompartmentKey(
  teamPublicKey: string,
  key: RecordKey,
  caseId: string,
  compartment: Compartment,
  version: number,
): string {
  return toBase64(
    sealKey(
      asBoxPublicKey(fromBase64(teamPublicKey)),
      key,
      'record',
      sealPurpose(caseId, compartment, version),
    ),
  );
}

/** A compartment key used to wrap the version before it: a subkey, never the key itself. */
const chainKey = (key: RecordKey) => asSymmetricKey('wrapping', deriveSubkey(key, 'casechn1'));

/** The previous compartment key wrapped under the next one: the chain to older events. */
export function wrapPreviousKey(
  next: RecordKey,
  previous: RecordKey,
  caseId: string,
  compartment: Compartment,
  previousVersion: number,
): string {
  return toBase64(
    wrapKey(chainKey(next), previous, 'record', chainPurpose(caseId, compartment, previousVersion)),
  );
}

/**
 * Opens the compartment keys the member's teams hold for a case, then walks each chain
 * back to the first version, so every older event opens too.
 * @throws CryptoError when a sealed or wrapped key does not open (tampered or misfiled),
 *   unless `unopenable` is given to collect them.
 */
export function openCompartmentKeys(
  detail: z.infer<typeof CaseDetail>,
  ring: TeamKeyring,
  /** Where given, keys that do not open are listed here instead of failing the case. */
  unopenable?: { compartment: Compartment; keyVersion: number }[],
): CompartmentKeys {
  const caseId = detail.summary.id;
  const keys: CompartmentKeys = new Map();
  for (const grant of detail.keys) {
    const teamKey = ring.get(grant.teamId)?.get(grant.teamKeyVersion);
    if (!teamKey) continue;
    const versions = keys.get(grant.compartment) ?? new Map<number, RecordKey>();
    if (!versions.has(grant.keyVersion)) {
      try {
        versions.set(
          grant.keyVersion,
          openSealedKey(
            teamKey,
            fromBase64(grant.sealedKey),
            'record',
            sealPurpose(caseId, grant.compartment, grant.keyVersion),
          ),
        );
      } catch (error) {
        // A grant sealed wrongly (or planted) opens nothing; the rest of the case still opens.
        if (!unopenable) throw error;
        unopenable.push({ compartment: grant.compartment, keyVersion: grant.keyVersion });
        continue;
      }
    }
    keys.set(grant.compartment, versions);
  }
  const links = [...detail.keyChain].sort((a, b) => b.keyVersion - a.keyVersion);
  for (const link of links) {
    const versions = keys.get(link.compartment);
    const newer = versions?.get(link.keyVersion);
    // A link stored at version n wraps version n - 1 under version n.
    if (versions && newer && !versions.has(link.keyVersion - 1)) {
      try {
        versions.set(
          link.keyVersion - 1,
          unwrapKey(
            chainKey(newer),
            fromBase64(link.wrappedKey),
            'record',
            chainPurpose(caseId, link.compartment, link.keyVersion - 1),
          ),
        );
      } catch (error) {
        if (!unopenable) throw error;
        unopenable.push({ compartment: link.compartment, keyVersion: link.keyVersion - 1 });
      }
    }
  }
  return keys;
}

/** Where a signed event named a key by its id: `case.opened`, `access.revoked`, `key.rotated`. */
export interface KeyCommitments {
  readonly seq: number;
  readonly keyIds?: readonly { compartment: string; keyVersion: number; keyId: string }[] | null;
}

/**
 * Removes every compartment key that no event committed to (by its `caseKeyId`), leaving
 * out events in `distrusted` (e.g. those whose signature failed): a key planted by
 * whoever controls the server is never used to read or write.
 * @returns how many were removed
 */
export function dropUncommittedKeys(
  keys: CompartmentKeys,
  events: Iterable<KeyCommitments>,
  distrusted: ReadonlySet<number> = new Set(),
): number {
  // Every id any event named, so a later forged commitment cannot displace a genuine one.
  const committed = new Set<string>();
  for (const event of events) {
    if (distrusted.has(event.seq)) continue;
    for (const k of event.keyIds ?? [])
      committed.add(`${k.compartment}/${k.keyVersion}/${k.keyId}`);
  }
  let dropped = 0;
  for (const [compartment, versions] of keys) {
    for (const [version, key] of versions) {
      if (!committed.has(`${compartment}/${version}/${caseKeyId(key)}`)) {
        versions.delete(version);
        dropped += 1;
      }
    }
    if (versions.size === 0) keys.delete(compartment);
  }
  return dropped;
}
