// Security keys and passkeys as the second factor, through the client core against a
// whole server, on SQLite and PostgreSQL. The key is a software FIDO2 authenticator.
import { finishOpaqueLogin, pinnedPasswordStretching, startOpaqueLogin } from '@corridor/crypto';
import { SoftwareAuthenticator } from '@corridor/crypto/webauthn-testing';
import {
  finishLoginRoute,
  finishWebAuthnRegistrationRoute,
  startLoginRoute,
  startWebAuthnRegistrationRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { type MemberSession, unlock } from './log-in.ts';
import {
  type Authenticator,
  enrolSecurityKey,
  listSecurityKeys,
  removeSecurityKey,
} from './security-keys.ts';

describe.each(databaseKinds)('security keys on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  const password = (handle: string) => `password of ${handle}`;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['case_coordinator']);
  });
  afterAll(() => corridor?.stop());

  const freshProof = async (member: MemberSession) => {
    await unlock(member.api, password(member.account.handle));
  };

  it('enrols a key, lists it, and logs in with it in place of a TOTP code', async () => {
    const { authenticator } = corridor.securityKey();
    await freshProof(nadia);
    const enrolled = await enrolSecurityKey(
      nadia.api,
      authenticator,
      'blue key',
      await corridor.freshTotp(nadia.account.handle),
    );
    expect(enrolled).toMatchObject({ label: 'blue key', lastUsedAt: null });
    expect(await listSecurityKeys(nadia.api)).toEqual([enrolled]);
    expect(await listSecurityKeys(timur.api)).toEqual([]);

    const session = await corridor.login('nadia', password('nadia'), {
      securityKey: authenticator,
    });
    expect(session.account.id).toBe(nadia.account.id);
    const [used] = await listSecurityKeys(session.api);
    expect(used?.lastUsedAt).toBe(corridor.clock().toISOString());
  });

  it('asks for the password again before a key is added or removed', async () => {
    corridor.tick(6 * 60);
    const { authenticator } = corridor.securityKey();
    expect(
      await refusal(
        enrolSecurityKey(
          timur.api,
          authenticator,
          'old proof',
          await corridor.freshTotp(timur.account.handle),
        ),
      ),
    ).toBe('reauthentication_required');
    const [key] = await listSecurityKeys(nadia.api);
    expect(await refusal(removeSecurityKey(nadia.api, key?.id ?? ''))).toBe(
      'reauthentication_required',
    );
    expect(await listSecurityKeys(nadia.api)).toHaveLength(1);
  });

  it('needs an existing second factor, not only the password, to add a key', async () => {
    await freshProof(timur);
    const { authenticator } = corridor.securityKey();
    expect(
      await refusal(enrolSecurityKey(timur.api, authenticator, 'watched', { totpCode: '123456' })),
    ).toBe('authentication_failed');
    expect(await listSecurityKeys(timur.api)).toEqual([]);
  });

  it('refuses a key made for another site, and a second answer to one challenge', async () => {
    await freshProof(timur);
    const phishing = new SoftwareAuthenticator('https://corridor.example.net');
    const fake: Authenticator = {
      create: async (o) => phishing.create(o),
      get: async (o) => phishing.get(o),
    };
    expect(
      await refusal(
        enrolSecurityKey(
          timur.api,
          fake,
          'phished',
          await corridor.freshTotp(timur.account.handle),
        ),
      ),
    ).toBe('authentication_failed');

    const { key } = corridor.securityKey();
    const { options } = await timur.api.call(startWebAuthnRegistrationRoute);
    const answer = key.create(options);
    const finish = async () =>
      timur.api.call(finishWebAuthnRegistrationRoute, {
        body: {
          label: 'twice',
          response: answer as never,
          secondFactor: await corridor.freshTotp('timur'),
        },
      });
    expect(await refusal(finish())).toBe('no error');
    expect(await refusal(finish())).toBe('authentication_failed');
    expect((await listSecurityKeys(timur.api)).map((k) => k.label)).toEqual(['twice']);
  });

  it('refuses at login a replayed answer, another member’s key, a clone, and a removed key', async () => {
    const handle = 'nadia';
    const { key, authenticator } = corridor.securityKey();
    await freshProof(nadia);
    await enrolSecurityKey(
      nadia.api,
      authenticator,
      'green key',
      await corridor.freshTotp(nadia.account.handle),
    );
    const attempt = async (secondFactor: (options: never) => unknown) => {
      const start = startOpaqueLogin(password(handle));
      const started = await corridor.api.call(startLoginRoute, {
        body: { handle, startLoginRequest: start.request },
      });
      const proof = finishOpaqueLogin(
        password(handle),
        start,
        started.loginResponse,
        pinnedPasswordStretching,
      );
      return corridor.api.call(finishLoginRoute, {
        body: {
          attemptId: started.attemptId,
          finishLoginRequest: proof.finishRequest,
          secondFactor: { webauthn: secondFactor(started.webauthn as never) as never },
          deviceLabel: 'test',
        },
      });
    };

    // An answer signed for one attempt's challenge opens no other attempt.
    let captured: unknown;
    expect(
      await refusal(
        attempt((options) => {
          captured = key.get(options);
          return captured;
        }),
      ),
    ).toBe('no error');
    expect(await refusal(attempt(() => captured))).toBe('authentication_failed');

    // Timur's key does not log Nadia in.
    const timurs = corridor.securityKey();
    await freshProof(timur);
    await enrolSecurityKey(
      timur.api,
      timurs.authenticator,
      'timur key',
      await corridor.freshTotp(timur.account.handle),
    );
    expect(await refusal(attempt((options) => timurs.key.get(options)))).toBe(
      'authentication_failed',
    );

    // A copy of the key whose counter went back is refused.
    key.rewindCounters();
    expect(await refusal(attempt((options) => key.get(options)))).toBe('authentication_failed');

    // A removed key opens nothing (past the failure window, so the handle is not locked).
    corridor.tick(16 * 60);
    const [green] = (await listSecurityKeys(nadia.api)).filter((k) => k.label === 'green key');
    await freshProof(nadia);
    await removeSecurityKey(nadia.api, green?.id ?? '');
    expect(await refusal(attempt((options) => key.get(options)))).toBe('authentication_failed');
  });

  it('will not remove another member’s key, and an unknown handle fails alike', async () => {
    const [timursKey] = await listSecurityKeys(timur.api);
    await freshProof(nadia);
    expect(await refusal(removeSecurityKey(nadia.api, timursKey?.id ?? ''))).toBe('not_found');
    expect(await listSecurityKeys(timur.api)).toHaveLength(2);

    const { authenticator } = corridor.securityKey();
    expect(
      await refusal(corridor.login('nobody-here', 'whatever', { securityKey: authenticator })),
    ).toBe('authentication_failed');
  });

  it('leaves no more than public keys behind: no secret reaches the database', async () => {
    const rows = await corridor.server.storage.db
      .selectFrom('webauthn_credential')
      .select(['public_key', 'label'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    const enrolments = await corridor.server.storage.db
      .selectFrom('webauthn_enrolment')
      .selectAll()
      .execute();
    expect(enrolments).toEqual([]);
  });
});
