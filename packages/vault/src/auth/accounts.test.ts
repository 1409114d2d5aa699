// Accounts end to end through the client core against a real server, on SQLite and on
// PostgreSQL: invitation → sign-up with TOTP → login → sessions, every refusal, and a
// search of the seized database for anything secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TotpSecret } from '@corridor/crypto';
import { initCrypto, startOpaqueLogin, toBase64, totpCode } from '@corridor/crypto';
import {
  createInvitationRoute,
  disableAccountRoute,
  finishRecoveryRoute,
  getSessionRoute,
  listAccountsRoute,
  listSessionsRoute,
  recoveryRegisterRoute,
  revokeSessionRoute,
  startLoginRoute,
  startRecoveryRoute,
} from '@corridor/protocol';
import { createInvitation } from '@corridor/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { logIn, logOut, type MemberSession, unlock } from './log-in.ts';
import { recoverAccount } from './recover.ts';
import { signUp } from './sign-up.ts';

describe.each(databaseKinds)('accounts on %s', (kind) => {
  let corridor: TestCorridor;
  const register = (handle: string, password: string, token: string) =>
    corridor.register(handle, password, token);
  const login = (handle: string, password: string, backup?: { backupCode: string }) =>
    corridor.login(handle, password, backup);
  const invite = (roles: Parameters<TestCorridor['invite']>[0]) => corridor.invite(roles);
  const tick = (seconds: number) => corridor.tick(seconds);
  const epoch = () => Math.floor(corridor.clock().getTime() / 1000);

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
  });
  afterAll(() => corridor?.stop());

  let admin: MemberSession;
  let coordinator: MemberSession;

  it('signs the first administrator up with an invitation, TOTP enrolment and keys made on the client', async () => {
    const result = await register(
      'admin-1',
      'первый пароль администратора',
      await invite(['administrator']),
    );
    expect(result.backupCodes).toHaveLength(10);
    expect(result.recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    admin = await login('admin-1', 'первый пароль администратора');
    expect(admin.account).toMatchObject({ handle: 'admin-1', roles: ['administrator'] });
    expect(toBase64(admin.keys.box.publicKey)).toBe(admin.account.boxPublicKey);
  });

  it('lets the administrator invite a coordinator, who signs up and logs in', async () => {
    const { token } = await admin.api.call(createInvitationRoute, {
      body: { roles: ['case_coordinator', 'hotline_operator'], expiresInHours: 48 },
    });
    await register('coordinator-7', 'correct horse battery staple', token);
    coordinator = await login('coordinator-7', 'correct horse battery staple');
    expect(coordinator.account.roles).toEqual(['case_coordinator', 'hotline_operator']);
    const info = await coordinator.api.call(getSessionRoute);
    expect(info.account.handle).toBe('coordinator-7');
  });

  it('refuses invitations to anyone but an administrator', async () => {
    const body = { roles: ['analyst' as const], expiresInHours: 1 };
    expect(await refusal(corridor.api.call(createInvitationRoute, { body }))).toBe(
      'unauthenticated',
    );
    expect(await refusal(coordinator.api.call(createInvitationRoute, { body }))).toBe('forbidden');
    expect(
      await refusal(corridor.api.withSession('A'.repeat(43)).call(createInvitationRoute, { body })),
    ).toBe('unauthenticated');
  });

  it('refuses a used, expired or unknown invitation, and a taken handle', async () => {
    const used = await invite(['analyst']);
    await register('analyst-1', 'pw-analyst-1', used);
    expect(await refusal(register('analyst-2', 'pw', used))).toBe('invitation_invalid');
    const expiring = (
      await createInvitation(corridor.server.storage, corridor.clock, ['analyst'], 1, null)
    ).token;
    tick(3601);
    expect(await refusal(register('analyst-3', 'pw', expiring))).toBe('invitation_invalid');
    expect(await refusal(register('analyst-4', 'pw', 'x'.repeat(43)))).toBe('invitation_invalid');
    expect(await refusal(register('admin-1', 'pw', await invite(['analyst'])))).toBe(
      'handle_taken',
    );
  });

  it('refuses sign-up without a correct TOTP code, and leaves the invitation usable', async () => {
    const token = await invite(['documentation']);
    const attempt = signUp(corridor.api, {
      invitationToken: token,
      handle: 'doc-1',
      password: 'pw-doc',
      enrolTotp: async () => '000000',
    });
    expect(await refusal(attempt)).toBe('authentication_failed');
    await register('doc-1', 'pw-doc', token);
  });

  it('fails a wrong password and an unknown handle alike', async () => {
    const wrong = refusal(login('coordinator-7', 'wrong password'));
    const unknown = refusal(login('nobody-here', 'any password'));
    expect(await wrong).toBe('authentication_failed');
    expect(await unknown).toBe('authentication_failed');
  });

  it('refuses a wrong or replayed TOTP code', async () => {
    const secret = corridor.totpSecret('doc-1') as TotpSecret;
    const withCode = (totp: string) =>
      logIn(corridor.api, {
        handle: 'doc-1',
        password: 'pw-doc',
        secondFactor: { totpCode: totp },
        deviceLabel: 'a',
      });
    tick(31);
    const code = await totpCode(secret, epoch());
    await withCode(code);
    expect(await refusal(withCode(code))).toBe('authentication_failed');
    tick(31);
    expect(await refusal(withCode(code === '123456' ? '654321' : '123456'))).toBe(
      'authentication_failed',
    );
  });

  it('logs in with a backup code once only', async () => {
    const token = await invite(['analyst']);
    const { backupCodes } = await register('analyst-9', 'pw-analyst-9', token);
    const backupCode = backupCodes[0] as string;
    await login('analyst-9', 'pw-analyst-9', { backupCode: backupCode.toLowerCase() });
    expect(await refusal(login('analyst-9', 'pw-analyst-9', { backupCode }))).toBe(
      'authentication_failed',
    );
  });

  it('refuses a handle after five unsuccessful attempts in fifteen minutes, known or not', async () => {
    for (const handle of ['coordinator-7', 'ghost-handle']) {
      for (let i = 0; i < 5; i++) await refusal(login(handle, `guess ${i}`));
      expect(await refusal(login(handle, 'correct horse battery staple')), handle).toBe(
        'rate_limited',
      );
    }
    tick(16 * 60);
    coordinator = await login('coordinator-7', 'correct horse battery staple');
  });

  it('holds the attempt limit under parallel requests', async () => {
    await initCrypto();
    const starts = await Promise.all(
      Array.from({ length: 20 }, () =>
        refusal(
          corridor.api.call(startLoginRoute, {
            body: {
              handle: 'parallel-target',
              startLoginRequest: startOpaqueLogin('guess').request,
            },
          }),
        ),
      ),
    );
    expect(starts.filter((outcome) => outcome === 'no error').length).toBeLessThanOrEqual(5);
    expect(starts.filter((outcome) => outcome === 'rate_limited').length).toBeGreaterThanOrEqual(
      15,
    );
  });

  it('lists and revokes the member’s own sessions only, and logs out with Clear-Site-Data', async () => {
    const second = await login('coordinator-7', 'correct horse battery staple');
    admin = await login('admin-1', 'первый пароль администратора');
    const { sessions } = await coordinator.api.call(listSessionsRoute);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current);
    expect(other).toBeDefined();
    // The administrator cannot revoke the coordinator's session: 404, not 403.
    expect(
      await refusal(admin.api.call(revokeSessionRoute, { params: { sessionId: other?.id ?? '' } })),
    ).toBe('not_found');
    await coordinator.api.call(revokeSessionRoute, { params: { sessionId: other?.id ?? '' } });
    expect(await refusal(second.api.call(getSessionRoute))).toBe('unauthenticated');

    const response = await fetch(new URL('/api/auth/logout', corridor.server.staffUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator.sessionToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('clear-site-data')).toContain('"storage"');
    expect(await refusal(coordinator.api.call(getSessionRoute))).toBe('unauthenticated');
  });

  it('unlocks a locked app with the password alone, on the open session', async () => {
    const session = await login('coordinator-7', 'correct horse battery staple');
    tick(45 * 60); // the UI has locked itself after 30 minutes and dropped the keys
    const unlocked = await unlock(session.api, 'correct horse battery staple');
    expect(unlocked.keys.box.publicKey).toEqual(session.keys.box.publicKey);
    expect(await refusal(unlock(session.api, 'wrong password'))).toBe('authentication_failed');
    expect(await refusal(unlock(corridor.api, 'correct horse battery staple'))).toBe(
      'unauthenticated',
    );
  });

  it('ends a session after 4 idle hours and after its absolute lifetime', async () => {
    const idle = await login('coordinator-7', 'correct horse battery staple');
    tick(3 * 60 * 60);
    await idle.api.call(getSessionRoute);
    tick(4 * 60 * 60 + 60);
    expect(await refusal(idle.api.call(getSessionRoute))).toBe('unauthenticated');

    const busy = await login('coordinator-7', 'correct horse battery staple');
    // Busy all day: a request every 20 minutes keeps it from idling, but not past 12 hours.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      tick(20 * 60);
      await busy.api.call(getSessionRoute);
    }
    tick(20 * 60);
    expect(await refusal(busy.api.call(getSessionRoute))).toBe('unauthenticated');
    await logOut(admin).catch(() => undefined);
  });

  it('restores access with the recovery code after a lost password, keeping the same keys', async () => {
    const token = await invite(['documentation']);
    const registered = await register('forgetful', 'the password I will forget', token);
    const before = await login('forgetful', 'the password I will forget');
    const totp = async () => {
      tick(31);
      return { totpCode: await totpCode(corridor.totpSecret('forgetful') as TotpSecret, epoch()) };
    };
    // A wrong recovery code fails in the browser; the server never sees it.
    expect(
      await refusal(
        recoverAccount(corridor.api, {
          handle: 'forgetful',
          recoveryCode: '0000-0000-0000-0000-0000-0000-0000-0000',
          secondFactor: await totp(),
          newPassword: 'x',
        }),
      ),
    ).toBe('decryption_failed');
    // Without the second factor it does not start.
    expect(
      await refusal(
        recoverAccount(corridor.api, {
          handle: 'forgetful',
          recoveryCode: registered.recoveryCode,
          secondFactor: { totpCode: '000000' },
          newPassword: 'x',
        }),
      ),
    ).toBe('authentication_failed');

    const { recoveryCode } = await recoverAccount(corridor.api, {
      handle: 'forgetful',
      recoveryCode: registered.recoveryCode,
      secondFactor: await totp(),
      newPassword: 'a brand new password',
    });
    expect(recoveryCode).not.toBe(registered.recoveryCode);
    corridor.secrets.push(recoveryCode, 'a brand new password');
    expect(await refusal(before.api.call(getSessionRoute))).toBe('unauthenticated');
    expect(await refusal(login('forgetful', 'the password I will forget'))).toBe(
      'authentication_failed',
    );
    const after = await login('forgetful', 'a brand new password');
    expect(after.keys.box.publicKey).toEqual(before.keys.box.publicKey);
    expect(after.keys.sign.publicKey).toEqual(before.keys.sign.publicKey);
  });

  it('refuses a recovery whose challenge is not signed by the member, or finished before it is', async () => {
    const started = await corridor.api.call(startRecoveryRoute, {
      body: {
        handle: 'forgetful',
        secondFactor: {
          totpCode: await (async () => {
            tick(31);
            return totpCode(corridor.totpSecret('forgetful') as TotpSecret, epoch());
          })(),
        },
      },
    });
    const finish = {
      recoveryId: started.recoveryId,
      registrationRecord: 'AAAA',
      passwordStretching: {
        algorithm: 'argon2id' as const,
        memoryKiB: 65536,
        iterations: 3,
        parallelism: 4,
      },
      wrappedKeys: 'AAAA',
      recoveryWrappedKeys: 'AAAA',
    };
    expect(await refusal(corridor.api.call(finishRecoveryRoute, { body: finish }))).toBe(
      'authentication_failed',
    );
    expect(
      await refusal(
        corridor.api.call(recoveryRegisterRoute, {
          body: {
            recoveryId: started.recoveryId,
            signature: 'A'.repeat(86),
            registrationRequest: 'AAAA',
          },
        }),
      ),
    ).toBe('authentication_failed');
  });

  it('lets an administrator disable an account, which ends its sessions and logins, but not their own', async () => {
    admin = await login('admin-1', 'первый пароль администратора');
    const target = await login('analyst-1', 'pw-analyst-1');
    const { accounts } = await admin.api.call(listAccountsRoute);
    expect(accounts.find((a) => a.handle === 'analyst-1')).toMatchObject({
      status: 'active',
      roles: ['analyst'],
    });
    expect(
      await refusal(
        target.api.call(disableAccountRoute, { params: { accountId: admin.account.id } }),
      ),
    ).toBe('forbidden');
    expect(
      await refusal(
        admin.api.call(disableAccountRoute, { params: { accountId: admin.account.id } }),
      ),
    ).toBe('invalid_request');
    await admin.api.call(disableAccountRoute, { params: { accountId: target.account.id } });
    expect(await refusal(target.api.call(getSessionRoute))).toBe('unauthenticated');
    expect(await refusal(login('analyst-1', 'pw-analyst-1'))).toBe('authentication_failed');
    expect(
      await refusal(
        admin.api.call(disableAccountRoute, { params: { accountId: 'no-such-account' } }),
      ),
    ).toBe('not_found');
  });

  it('leaves nothing secret in the seized database', async () => {
    const tables = [
      'account',
      'account_role',
      'invitation',
      'backup_code',
      'login_attempt',
      'session',
      'organisation',
    ] as const;
    let dump = '';
    for (const table of tables) {
      const rows = await sql`select * from ${sql.table(table)}`.execute(corridor.server.storage.db);
      dump += JSON.stringify(rows.rows);
    }
    if (corridor.database.config.kind === 'sqlite') {
      await sql`pragma wal_checkpoint(FULL)`.execute(corridor.server.storage.db);
      dump += readFileSync(corridor.database.config.file).toString('latin1');
      dump += readFileSync(corridor.database.config.file).toString('utf8');
    }
    expect(dump.length).toBeGreaterThan(1000);
    const found = corridor.secrets.filter((secret) => secret.length >= 8 && dump.includes(secret));
    expect(found).toEqual([]);
    // The server's own secrets live beside the database, never in it.
    const serverSecrets = JSON.parse(
      readFileSync(join(corridor.database.dataDir, 'server-secrets.json'), 'utf8'),
    );
    expect(dump).not.toContain(serverSecrets.sealingKey);
    // And byte by byte: the data directory with the server's log, the SQLite WAL, and
    // PostgreSQL's own files.
    const seized = await searchSeizedData(
      corridor.database,
      corridor.secrets.filter((secret) => secret.length >= 8),
    );
    expect(seized.bytes).toBeGreaterThan(10_000);
    expect(seized.found).toEqual([]);
  });
});
