// A whole Corridor server on a test database, and members signed up and logged in
// through the client core, for the vault's integration tests.

import { join } from 'node:path';
import { type TotpSecret, toBase64, toHex, totpCode } from '@corridor/crypto';
import { SoftwareAuthenticator } from '@corridor/crypto/webauthn-testing';
import type { Role } from '@corridor/protocol';
import {
  createFileLogger,
  createInvitation,
  loadConfig,
  type PublicIntakeLimits,
  type RunningServer,
  startServer,
} from '@corridor/server';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
} from '../../../../test-support/test-database.ts';
import { type ApiClient, createApiClient } from '../api/api-client.ts';
import { logIn, type MemberSession, type SecondFactor } from '../auth/log-in.ts';
import type { Authenticator } from '../auth/security-keys.ts';
import { type SignUpResult, signUp } from '../auth/sign-up.ts';
import { setUpTeam } from '../teams/set-up-team.ts';

export interface TestCorridor {
  /** The server now running (a new one after `restart`). */
  readonly server: RunningServer;
  readonly database: TestDatabase;
  /** An anonymous client. */
  readonly api: ApiClient;
  readonly clock: () => Date;
  /** Moves the server's clock forward. */
  tick(seconds: number): void;
  /** Every secret the scenario used, for the seizure search. */
  readonly secrets: string[];
  invite(roles: Role[], hours?: number): Promise<string>;
  register(handle: string, password: string, invitationToken: string): Promise<SignUpResult>;
  /** Logs in with a fresh TOTP code (or the given second factor). */
  login(handle: string, password: string, secondFactor?: SecondFactor): Promise<MemberSession>;
  /** A TOTP code for the member from a step not used before (the clock moves 31 s). */
  freshTotp(handle: string): Promise<{ totpCode: string }>;
  /** The TOTP secret a member enrolled. */
  totpSecret(handle: string): TotpSecret | undefined;
  /**
   * A security key in software for this server's origin, as the vault's Authenticator,
   * and the key itself (to count or clone it).
   */
  securityKey(): { authenticator: Authenticator; key: SoftwareAuthenticator };
  /** An administrator makes a team; its first member makes the key and adds the others. */
  team(
    admin: MemberSession,
    name: string,
    first: MemberSession,
    ...others: MemberSession[]
  ): Promise<string>;
  /** Invites, registers and logs in one member. */
  member(handle: string, roles: Role[]): Promise<MemberSession>;
  /**
   * Stops the server and starts a new one on the same database, data directory, ports and
   * virtual clock (sessions and clients made before keep working). `beforeStart` runs
   * while no server is up (to move the clock past a deadline, say).
   */
  restart(beforeStart?: () => void | Promise<void>): Promise<void>;
  /** Starts another server on the same database and data directory (own ports), stopped by `stop`. */
  secondInstance(): Promise<RunningServer>;
  stop(): Promise<void>;
}

export interface TestCorridorOptions {
  /** Case writes per account per minute; high by default, as scenarios write in bursts. */
  readonly caseWritesPerMinute?: number;
  /** The public intake's limits; high by default, as scenarios post in bursts. */
  readonly publicIntakeLimits?: PublicIntakeLimits;
  /** More settings, such as a channel's (CORRIDOR_TELEGRAM_TOKEN against a fake Bot API). */
  readonly env?: Readonly<Record<string, string>>;
  /** How often the check-in alarm sweep runs (default: the server's 15 s). */
  readonly alarmSweepIntervalMs?: number;
}

export async function startTestCorridor(
  kind: TestDatabaseKind,
  options: TestCorridorOptions = {},
): Promise<TestCorridor> {
  const database = await createTestDatabase(kind);
  let now = Date.parse('2026-11-25T10:00:00Z');
  const clock = () => new Date(now);
  const epoch = () => Math.floor(now / 1000);
  const env = {
    CORRIDOR_DATA_DIR: database.dataDir,
    CORRIDOR_PUBLIC_PORT: '0',
    CORRIDOR_STAFF_PORT: '0',
    CORRIDOR_CASE_WRITES_PER_MINUTE: String(options.caseWritesPerMinute ?? 100_000),
    ...(database.config.kind === 'postgres' ? { DATABASE_URL: database.config.url } : {}),
    ...options.env,
  };
  const boot = (ports?: { publicPort: string; staffPort: string }) =>
    startServer(
      loadConfig(
        ports
          ? { ...env, CORRIDOR_PUBLIC_PORT: ports.publicPort, CORRIDOR_STAFF_PORT: ports.staffPort }
          : env,
      ),
      {
        // Everything the server logs goes where a seizure would find it.
        logger: createFileLogger('trace', join(database.dataDir, 'server.log')),
        clock,
        webDistDir: database.dataDir,
        // These scenarios log in far more often than a person could.
        perAddressPerMinute: 10_000,
        telegramWorkIntervalMs: 100,
        ...(options.alarmSweepIntervalMs
          ? { alarmSweepIntervalMs: options.alarmSweepIntervalMs }
          : {}),
        publicIntakeLimits: options.publicIntakeLimits ?? {
          withProofPerAddress: 10_000,
          withoutProofPerAddress: 10_000,
          withProofGlobal: 10_000,
          withoutProofGlobal: 10_000,
          lookupsPerAddress: 10_000,
          lookupsGlobal: 10_000,
        },
      },
    );
  let server = await boot();
  const others: RunningServer[] = [];
  const api = createApiClient({ baseUrl: server.staffUrl });
  const secrets: string[] = [];
  const totpSecrets = new Map<string, TotpSecret>();
  const passwords = new Map<string, string>();

  const corridor: TestCorridor = {
    get server() {
      return server;
    },
    database,
    api,
    clock,
    tick: (seconds) => {
      now += seconds * 1000;
    },
    secrets,
    invite: async (roles, hours = 24) =>
      (await createInvitation(server.storage, clock, roles, hours, null)).token,
    async register(handle, password, invitationToken) {
      const result = await signUp(api, {
        invitationToken,
        handle,
        password,
        enrolTotp: async (secret) => {
          totpSecrets.set(handle, secret as TotpSecret);
          return totpCode(secret as TotpSecret, epoch());
        },
      });
      passwords.set(handle, password);
      secrets.push(
        password,
        result.recoveryCode,
        ...result.backupCodes,
        totpSecrets.get(handle) ?? '',
      );
      return result;
    },
    async login(handle, password, secondFactor) {
      corridor.tick(31); // a new TOTP step: each code is accepted once
      const secret = totpSecrets.get(handle);
      const factor = secondFactor ?? {
        totpCode: secret ? await totpCode(secret, epoch()) : '000000',
      };
      const session = await logIn(api, {
        handle,
        password,
        secondFactor: factor,
        deviceLabel: 'Firefox on Linux',
      });
      secrets.push(toHex(session.keys.box.secretKey), toBase64(session.keys.box.secretKey));
      secrets.push(
        toHex(session.keys.sign.secretKey.subarray(0, 32)),
        toBase64(session.keys.sign.secretKey),
      );
      secrets.push(session.sessionToken);
      return session;
    },
    totpSecret: (handle) => totpSecrets.get(handle),
    async freshTotp(handle) {
      corridor.tick(31);
      const secret = totpSecrets.get(handle);
      return { totpCode: secret ? await totpCode(secret, epoch()) : '000000' };
    },
    securityKey() {
      const key = new SoftwareAuthenticator(server.staffOrigin);
      return {
        key,
        authenticator: { create: async (o) => key.create(o), get: async (o) => key.get(o) },
      };
    },
    team: setUpTeam,
    async member(handle, roles) {
      const password = `password of ${handle}`;
      await corridor.register(handle, password, await corridor.invite(roles));
      return corridor.login(handle, password);
    },
    async restart(beforeStart) {
      const ports = {
        publicPort: new URL(server.publicUrl).port,
        staffPort: new URL(server.staffUrl).port,
      };
      await server.close();
      await beforeStart?.();
      server = await boot(ports);
    },
    async secondInstance() {
      const other = await boot();
      others.push(other);
      return other;
    },
    async stop() {
      for (const other of others) await other.close();
      await server.close();
      await database.dispose();
    },
  };
  return corridor;
}

/** The error code a call is refused with, or 'no error'. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
