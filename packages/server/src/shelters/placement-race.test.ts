// The last bed, given away by several members at once, on SQLite and PostgreSQL (and the
// stays read for it, and the requesting team's hold on the case's location). Every
// query is slowed down so that, without the shelter's row lock, each acceptance would
// read the bed as free before any of them commits: the lock, not luck, lets one through.
import { generateSignKeyPair, initCrypto, sign, toBase64, utf8 } from '@corridor/crypto';
import { placementAddressStatement } from '@corridor/protocol';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slowQueries } from '../../../../test-support/slow-queries.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import { insertAccountRow, insertCaseRow } from '../testing/storage-rows.ts';
import { acceptPlacement } from './placement-service.ts';

const at = '2026-11-25T12:00:00.000Z';
const id = (name: string) => name.padEnd(22, '0');
const shelterId = id('shelter');
const bedId = id('bed');
const racers = 4;

describe.each(databaseKinds)('the last bed on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  const alina = { keys: null as ReturnType<typeof generateSignKeyPair> | null };

  beforeAll(async () => {
    await initCrypto();
    alina.keys = generateSignKeyPair();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
    await migrateToLatest(storage);
    const keys = alina.keys as ReturnType<typeof generateSignKeyPair>;
    for (const [account, signKey] of [
      ['alina', toBase64(keys.publicKey)],
      ['nadia', 'x'],
    ] as const) {
      await insertAccountRow(storage.db, { id: account, at, signPublicKey: signKey });
    }
    for (const team of ['shelters', 'coordination']) {
      await storage.db
        .insertInto('team')
        .values({
          id: team,
          name: team,
          key_version: 1,
          box_public_key: 'x',
          created_by: 'alina',
          created_at: at,
        })
        .execute();
    }
    await storage.db
      .insertInto('team_member')
      .values({ team_id: 'shelters', account_id: 'alina', added_at: at })
      .execute();
    await storage.db
      .insertInto('shelter')
      .values({
        id: shelterId,
        team_id: 'shelters',
        code: 'Last Bed',
        version: 1,
        team_key_version: 1,
        sealed_key: 'x',
        payload: 'x',
        signature: 'x',
        author_id: 'alina',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await storage.db
      .insertInto('shelter_bed')
      .values({ shelter_id: shelterId, id: bedId, label: 'L1', position: 0 })
      .execute();
    for (let i = 0; i < racers; i += 1) {
      await insertCaseRow(storage.db, {
        id: id(`case${i}`),
        at,
        createdBy: 'nadia',
        stage: 'shelter',
        riskLevel: 3,
        verification: 'verified',
      });
      // The requesting team holds the case's location: the address may be sealed to it.
      await storage.db
        .insertInto('case_access')
        .values({
          case_id: id(`case${i}`),
          compartment: 'location',
          team_id: 'coordination',
          key_version: 1,
          team_key_version: 1,
          sealed_key: 'x',
          granted_by: 'nadia',
          granted_at: at,
        })
        .execute();
      await storage.db
        .insertInto('shelter_placement')
        .values({
          id: id(`placement${i}`),
          shelter_id: shelterId,
          case_id: id(`case${i}`),
          requesting_team_id: 'coordination',
          requested_by: 'nadia',
          status: 'requested',
          bed_id: null,
          // Overlapping stays, each with an end: the index of open-ended stays stays out of it.
          from_day: `2027-05-0${i + 1}`,
          to_day: '2027-05-20',
          decided_by: null,
          decided_at: null,
          address_team_key_version: null,
          address_sealed_key: null,
          address_payload: null,
          address_signature: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  });
  afterEach(async () => {
    await storage.close();
    await database.dispose();
  });

  function body(i: number) {
    const keys = alina.keys as ReturnType<typeof generateSignKeyPair>;
    const address = { teamKeyVersion: 1, sealedKey: 'AAAA', payload: 'AAAA' };
    const statement = placementAddressStatement(
      {
        id: id(`placement${i}`),
        caseId: id(`case${i}`),
        shelterId,
        requestingTeamId: 'coordination',
      },
      bedId,
      address,
    );
    return {
      bedId,
      address: {
        ...address,
        signature: toBase64(sign(keys.secretKey, 'placement-address', utf8(statement))),
      },
    };
  }

  it('lets one acceptance through and refuses the others with `conflict`', async () => {
    const slow: Storage = { ...storage, db: storage.db.withPlugin(slowQueries(10)) };
    const results = await Promise.allSettled(
      Array.from({ length: racers }, (_, i) =>
        acceptPlacement(slow, 'alina', shelterId, id(`placement${i}`), body(i), at),
      ),
    );
    const codes = results.map((r) =>
      r.status === 'fulfilled'
        ? 'accepted'
        : r.reason instanceof ApiFailure
          ? r.reason.code
          : 'error',
    );
    expect(codes.filter((c) => c === 'accepted')).toHaveLength(1);
    expect(codes.filter((c) => c === 'conflict')).toHaveLength(racers - 1);
    const rows = await storage.db
      .selectFrom('shelter_placement')
      .select('status')
      .where('shelter_id', '=', shelterId)
      .execute();
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(1);
  });

  it('reads only the stays overlapping the dates asked for, not the shelter’s history', async () => {
    // Years of ended stays in the bed, then one ending on the first day asked for (a stay
    // may begin the day another ends) and one beginning on the last: none overlaps.
    const history = 150;
    const past = Array.from({ length: history }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1 + i * 8));
      const iso = (d: Date) => d.toISOString().slice(0, 10);
      return {
        from: iso(day),
        to: iso(new Date(day.getTime() + 7 * 86_400_000)),
      };
    });
    past.push({ from: '2027-04-20', to: '2027-05-04' }, { from: '2027-05-20', to: '2027-06-01' });
    for (const [i, stay] of past.entries()) {
      await storage.db
        .insertInto('shelter_placement')
        .values({
          id: id(`past${String(i).padStart(3, '0')}`),
          shelter_id: shelterId,
          case_id: id('case0'),
          requesting_team_id: 'coordination',
          requested_by: 'nadia',
          status: 'ended',
          bed_id: bedId,
          from_day: stay.from,
          to_day: stay.to,
          decided_by: 'alina',
          decided_at: at,
          address_team_key_version: null,
          address_sealed_key: null,
          address_payload: null,
          address_signature: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    let rowsRead = 0;
    const counting: Storage = {
      ...storage,
      db: storage.db.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          rowsRead += args.result.rows.length;
          return args.result;
        },
      }),
    };
    // placement3 asks for 2027-05-04 to 2027-05-20: the bed is free.
    await acceptPlacement(counting, 'alina', shelterId, id('placement3'), body(3), at);
    expect(rowsRead).toBeLessThan(20);
    // A stay overlapping it in that bed is still found: `conflict`.
    await expect(
      acceptPlacement(storage, 'alina', shelterId, id('placement2'), body(2), at),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses to seal the address to a team that no longer holds the case’s location', async () => {
    await storage.db
      .deleteFrom('case_access')
      .where('case_id', '=', id('case0'))
      .where('team_id', '=', 'coordination')
      .execute();
    await expect(
      acceptPlacement(storage, 'alina', shelterId, id('placement0'), body(0), at),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const row = await storage.db
      .selectFrom('shelter_placement')
      .select(['status', 'address_payload'])
      .where('id', '=', id('placement0'))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'requested', address_payload: null });
  });
});
