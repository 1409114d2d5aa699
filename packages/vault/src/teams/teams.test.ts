// Teams and their keys end to end, on SQLite and PostgreSQL: the administrator makes a
// team but holds none of its keys; members grant the key to each other; removing a
// member rotates it, and what is sealed to the team afterwards the removed member's
// keys cannot open. Ends with the authorisation matrix of every auth and team endpoint.
import { asBoxPublicKey, fromBase64, openSealed, sealTo, toBase64 } from '@corridor/crypto';
import {
  addTeamMemberRoute,
  createInvitationRoute,
  createTeamRoute,
  deleteWebAuthnCredentialRoute,
  disableAccountRoute,
  findAccountRoute,
  finishUnlockRoute,
  finishWebAuthnRegistrationRoute,
  getAccountKeysRoute,
  getSessionRoute,
  initialiseTeamKeyRoute,
  listAccountsRoute,
  listSessionsRoute,
  listTeamsRoute,
  listWebAuthnCredentialsRoute,
  logoutRoute,
  removeTeamMemberRoute,
  revokeSessionRoute,
  startRecoveryRoute,
  startUnlockRoute,
  startWebAuthnRegistrationRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { ApiClient } from '../api/api-client.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  addTeamMember,
  initialiseTeamKey,
  openTeamKeys,
  removeTeamMember,
  type TeamView,
} from './team-keys.ts';

const message = new TextEncoder().encode('Адрес убежища: ул. Тестовая, 1');

describe.each(databaseKinds)('teams on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let alice: MemberSession;
  let bob: MemberSession;
  let carol: MemberSession;
  let outsider: MemberSession;
  let teamId: string;

  const teamOf = async (member: MemberSession): Promise<TeamView> => {
    const { teams } = await member.api.call(listTeamsRoute);
    const team = teams.find((t) => t.id === teamId);
    if (!team) throw new Error('not a member');
    return team;
  };

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    alice = await corridor.member('alice', ['shelter_coordinator']);
    bob = await corridor.member('bob', ['shelter_coordinator']);
    carol = await corridor.member('carol', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
  });
  afterAll(() => corridor?.stop());

  it('lets an administrator create a team whose key the administrator never holds', async () => {
    ({ teamId } = await admin.api.call(createTeamRoute, {
      body: { name: 'Shelters', firstMemberId: alice.account.id },
    }));
    expect((await admin.api.call(listTeamsRoute)).teams).toEqual([]);
    await initialiseTeamKey(alice, teamId);
    const team = await teamOf(alice);
    expect(team).toMatchObject({ name: 'Shelters', keyVersion: 1, members: [{ handle: 'alice' }] });
    expect((await openTeamKeys(alice, team)).get(1)?.publicKey).toEqual(
      fromBase64(team.boxPublicKey ?? ''),
    );
  });

  it('has a member grant the key to another, who opens what is sealed to the team', async () => {
    await addTeamMember(alice, await teamOf(alice), bob.account.id);
    await addTeamMember(alice, await teamOf(alice), carol.account.id);
    const team = await teamOf(bob);
    const sealed = sealTo(asBoxPublicKey(fromBase64(team.boxPublicKey ?? '')), message);
    const bobKeys = await openTeamKeys(bob, team);
    expect(openSealed(bobKeys.get(1) ?? alice.keys.box, sealed)).toEqual(message);
  });

  it('rotates the key on removal: the removed member opens nothing sealed to the team afterwards', async () => {
    const before = await teamOf(bob);
    const bobOldTeamKey = (await openTeamKeys(bob, before)).get(1);
    if (!bobOldTeamKey) throw new Error('bob has no team key');
    const oldSealed = sealTo(bobOldTeamKey.publicKey, message);

    await removeTeamMember(alice, await teamOf(alice), bob.account.id);

    const after = await teamOf(carol);
    expect(after.keyVersion).toBe(2);
    expect(after.members.map((m) => m.handle)).toEqual(['alice', 'carol']);
    expect(after.boxPublicKey).not.toBe(before.boxPublicKey);
    const newSealed = sealTo(asBoxPublicKey(fromBase64(after.boxPublicKey ?? '')), message);

    // Bob, with every key he ever held, cannot open what was written after removal.
    for (const key of [bobOldTeamKey, bob.keys.box]) {
      expect(await refusal(Promise.resolve().then(() => openSealed(key, newSealed)))).toBe(
        'decryption_failed',
      );
    }
    // …nor can he see the team any more.
    expect(await refusal(teamOf(bob))).toContain('not a member');

    // Carol opens the new, and the old through the key chain.
    const carolKeys = await openTeamKeys(carol, after);
    expect(openSealed(carolKeys.get(2) ?? carol.keys.box, newSealed)).toEqual(message);
    expect(openSealed(carolKeys.get(1) ?? carol.keys.box, oldSealed)).toEqual(message);
  });

  it('refuses a rotation that leaves a member out, a stale one, removing oneself, and unsigned grants', async () => {
    const team = await teamOf(alice);
    // A stale view: signed properly, but for a version that has moved on.
    const stale = {
      ...team,
      boxPublicKey: null,
      keyVersion: team.keyVersion - 1,
      myKeys: team.myKeys.filter((k) => k.keyVersion < team.keyVersion),
    };
    expect(await refusal(removeTeamMember(alice, stale, carol.account.id))).toBe('conflict');
    // A view that forgets a member: she would be left without the new key.
    const forgetful = { ...team, members: team.members.filter((m) => m.handle !== 'carol') };
    expect(await refusal(removeTeamMember(alice, forgetful, outsider.account.id))).toBe(
      'not_found',
    );
    expect(await refusal(removeTeamMember(alice, team, alice.account.id))).toBe('invalid_request');
    const keys = await alice.api.call(getAccountKeysRoute, {
      params: { accountId: carol.account.id },
    });
    const unsigned = {
      accountId: alice.account.id,
      sealedKey: keys.boxPublicKey,
      signature: 'A'.repeat(86),
    };
    expect(
      await refusal(
        alice.api.call(removeTeamMemberRoute, {
          params: { teamId, accountId: carol.account.id },
          body: {
            fromVersion: team.keyVersion,
            newBoxPublicKey: keys.boxPublicKey,
            grants: [unsigned],
            previousKeySealed: 'AAAA',
          },
        }),
      ),
    ).toBe('invalid_request');
    expect((await teamOf(alice)).keyVersion).toBe(team.keyVersion);
  });

  it('asks for the password again before a key change when the last proof is over five minutes old', async () => {
    corridor.tick(6 * 60);
    const team = await teamOf(alice);
    expect(await refusal(removeTeamMember(alice, team, carol.account.id))).toBe(
      'reauthentication_required',
    );
    expect(
      await refusal(
        admin.api.call(createTeamRoute, {
          body: { name: 'Late', firstMemberId: carol.account.id },
        }),
      ),
    ).toBe('reauthentication_required');
    await unlock(alice.api, 'password of alice');
    expect((await teamOf(alice)).keyVersion).toBe(team.keyVersion);
    await addTeamMember(alice, team, outsider.account.id).catch(() => undefined);
    await removeTeamMember(alice, await teamOf(alice), outsider.account.id);
    expect((await teamOf(alice)).members.map((m) => m.handle)).toEqual(['alice', 'carol']);
    await unlock(admin.api, 'password of admin');
  });

  it('refuses a grant that was not signed by its granter', async () => {
    const team = await teamOf(carol);
    const forged = {
      ...team,
      myKeys: team.myKeys.map((k) => ({ ...k, signature: toBase64(new Uint8Array(64)) })),
    };
    expect(await refusal(openTeamKeys(carol, forged))).toBe('invalid_signature');
  });

  it('answers every auth and team endpoint as the authorisation matrix says', async () => {
    // Each has just proved the password, so the answers show authorisation, not staleness.
    for (const member of [admin, alice, outsider]) {
      await unlock(member.api, `password of ${member.account.handle}`);
    }
    const anonymous = corridor.api;
    const members: Record<string, ApiClient> = {
      anonymous,
      administrator: admin.api,
      member: alice.api,
      'non-member': outsider.api,
    };
    const team = { teamId };
    const grant = { accountId: outsider.account.id, sealedKey: 'AAAA', signature: 'AAAA' };
    const cases: {
      name: string;
      call: (api: ApiClient) => Promise<unknown>;
      expected: Record<string, string>;
    }[] = [
      {
        name: 'createInvitation',
        call: (api) =>
          api.call(createInvitationRoute, { body: { roles: ['analyst'], expiresInHours: 1 } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'forbidden',
          'non-member': 'forbidden',
        },
      },
      {
        name: 'createTeam',
        call: (api) =>
          api.call(createTeamRoute, { body: { name: 'X', firstMemberId: outsider.account.id } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'forbidden',
          'non-member': 'forbidden',
        },
      },
      {
        name: 'listTeams',
        call: (api) => api.call(listTeamsRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'initialiseTeamKey (unsigned grant)',
        call: (api) =>
          api.call(initialiseTeamKeyRoute, {
            params: team,
            body: { boxPublicKey: 'AAAA', grant: { ...grant, accountId: alice.account.id } },
          }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'invalid_request',
          'non-member': 'not_found',
        },
      },
      {
        name: 'addTeamMember (unsigned grant)',
        call: (api) =>
          api.call(addTeamMemberRoute, { params: team, body: { keyVersion: 1, grant } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'invalid_request',
          'non-member': 'not_found',
        },
      },
      {
        name: 'removeTeamMember (stale version)',
        call: (api) =>
          api.call(removeTeamMemberRoute, {
            params: { teamId, accountId: carol.account.id },
            body: {
              fromVersion: 1,
              newBoxPublicKey: 'AAAA',
              grants: [grant],
              previousKeySealed: 'AAAA',
            },
          }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'invalid_request',
          'non-member': 'not_found',
        },
      },
      {
        name: 'getAccountKeys',
        call: (api) => api.call(getAccountKeysRoute, { params: { accountId: carol.account.id } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'listAccounts',
        call: (api) => api.call(listAccountsRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'forbidden',
          'non-member': 'forbidden',
        },
      },
      {
        name: 'disableAccount (unknown account)',
        call: (api) => api.call(disableAccountRoute, { params: { accountId: 'no-such-account' } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'forbidden',
          'non-member': 'forbidden',
        },
      },
      {
        name: 'startRecovery (unknown handle)',
        call: (api) =>
          api.call(startRecoveryRoute, {
            body: { handle: 'nobody-at-all', secondFactor: { totpCode: '000000' } },
          }),
        expected: {
          anonymous: 'authentication_failed',
          administrator: 'authentication_failed',
          member: 'authentication_failed',
          'non-member': 'authentication_failed',
        },
      },
      {
        name: 'findAccount',
        call: (api) => api.call(findAccountRoute, { params: { handle: 'carol' } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'getSession',
        call: (api) => api.call(getSessionRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'listSessions',
        call: (api) => api.call(listSessionsRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: "revokeSession (another member's)",
        call: async (api) => {
          const { sessions } = await carol.api.call(listSessionsRoute);
          return api.call(revokeSessionRoute, { params: { sessionId: sessions[0]?.id ?? 'none' } });
        },
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'not_found',
          'non-member': 'not_found',
        },
      },
      {
        name: 'startUnlock (bad OPAQUE message)',
        call: (api) => api.call(startUnlockRoute, { body: { startLoginRequest: 'AAAA' } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'invalid_request',
          member: 'invalid_request',
          'non-member': 'invalid_request',
        },
      },
      {
        name: 'finishUnlock (unknown attempt)',
        call: (api) =>
          api.call(finishUnlockRoute, {
            body: { attemptId: 'A'.repeat(43), finishLoginRequest: 'AAAA' },
          }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'authentication_failed',
          member: 'authentication_failed',
          'non-member': 'authentication_failed',
        },
      },
      {
        name: 'startWebAuthnRegistration',
        call: (api) => api.call(startWebAuthnRegistrationRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'finishWebAuthnRegistration (forged answer)',
        call: (api) =>
          api.call(finishWebAuthnRegistrationRoute, {
            body: {
              label: 'forged',
              secondFactor: { totpCode: '000000' },
              response: {
                id: 'AAAA',
                rawId: 'AAAA',
                type: 'public-key',
                response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
                clientExtensionResults: {},
              },
            },
          }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'authentication_failed',
          member: 'authentication_failed',
          'non-member': 'authentication_failed',
        },
      },
      {
        name: 'listWebAuthnCredentials',
        call: (api) => api.call(listWebAuthnCredentialsRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
      {
        name: 'deleteWebAuthnCredential (unknown key)',
        call: (api) =>
          api.call(deleteWebAuthnCredentialRoute, { params: { credentialId: 'AAAA' } }),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'not_found',
          member: 'not_found',
          'non-member': 'not_found',
        },
      },
      {
        name: 'logout',
        call: (api) => api.call(logoutRoute),
        expected: {
          anonymous: 'unauthenticated',
          administrator: 'no error',
          member: 'no error',
          'non-member': 'no error',
        },
      },
    ];
    const actual: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const c of cases) {
      actual[c.name] = {};
      for (const [who, api] of Object.entries(members)) {
        (actual[c.name] as Record<string, string>)[who] = await refusal(c.call(api));
      }
      expected[c.name] = c.expected;
    }
    expect(actual).toEqual(expected);
  });
});
