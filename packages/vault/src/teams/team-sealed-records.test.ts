// The sealing and checking the team-keyed registries share: a record opens only for its
// own address, with a key of the team it was sealed to, and only when its author signed
// the registry's statement over it.
import { generateBoxKeyPair, generateSignKeyPair, initCrypto, toBase64 } from '@corridor/crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TeamKeyring } from '../cases/case-keys.ts';
import {
  openTeamRecord,
  sealTeamRecord,
  signTeamRecord,
  type TeamRecordAddress,
} from './team-sealed-records.ts';

beforeAll(async () => {
  await initCrypto();
});

const at: TeamRecordAddress = { registry: 'sample', teamId: 'team-1', recordId: 'r1', version: 2 };
const content = { name: 'Хава', notes: ['one', 'two'] };

function setUp() {
  const teamKey = generateBoxKeyPair();
  const author = generateSignKeyPair();
  const ring: TeamKeyring = new Map([['team-1', new Map([[3, teamKey]])]]);
  const team = { keyVersion: 3, boxPublicKey: toBase64(teamKey.publicKey) };
  const record = sealTeamRecord(team, at, content);
  const signing = { purpose: 'sample-record', statement: JSON.stringify([at, record]) };
  const signature = signTeamRecord(author.secretKey, signing);
  return { ring, author, record: { ...record, signature }, signing };
}

describe('team-sealed records', () => {
  it('opens a record signed by its author with the team key it names', () => {
    const { ring, author, record, signing } = setUp();
    expect(record.teamKeyVersion).toBe(3);
    expect(record.payload).not.toContain('Хава');
    expect(openTeamRecord(record, at, ring, author.publicKey, signing)).toEqual({
      content,
      problem: null,
    });
  });

  it('shows a record with another signer, purpose or statement as bad_signature', () => {
    const { ring, author, record, signing } = setUp();
    const other = generateSignKeyPair().publicKey;
    const bad = { content: null, problem: 'bad_signature' };
    expect(openTeamRecord(record, at, ring, other, signing)).toEqual(bad);
    expect(openTeamRecord(record, at, ring, undefined, signing)).toEqual(bad);
    expect(
      openTeamRecord(record, at, ring, author.publicKey, { ...signing, purpose: 'other-record' }),
    ).toEqual(bad);
    expect(
      openTeamRecord(record, at, ring, author.publicKey, { ...signing, statement: '[]' }),
    ).toEqual(bad);
  });

  it('tells a missing team key from a record that does not open', () => {
    const { ring, author, record, signing } = setUp();
    expect(openTeamRecord(record, at, new Map(), author.publicKey, signing)).toEqual({
      content: null,
      problem: 'no_team_key',
    });
    // Moved onto another record or version: the seal and the ciphertext are bound to theirs.
    for (const moved of [
      { ...at, recordId: 'r2' },
      { ...at, version: 3 },
      { ...at, registry: 'other' },
    ]) {
      expect(openTeamRecord(record, moved, ring, author.publicKey, signing)).toEqual({
        content: null,
        problem: 'unreadable',
      });
    }
  });
});
