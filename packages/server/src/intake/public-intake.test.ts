// The public intake's parts that need no database: the limits, the proof of work, and
// what the pages weigh and carry.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  renderConversationPage,
  renderFollowUpPage,
  renderIntakePage,
  renderReceiptPage,
} from '../public/intake-page.ts';
import { createIntakeLimiter, WindowLimit } from './intake-limits.ts';
import { createProofOfWork } from './proof-of-work.ts';

function solve(challengeB64: string): string {
  const c = JSON.parse(Buffer.from(challengeB64, 'base64').toString('utf8'));
  for (let n = 0; n <= c.maxnumber; n++) {
    if (createHash('sha256').update(`${c.salt}${n}`).digest('hex') === c.challenge) {
      return Buffer.from(JSON.stringify({ ...c, number: n, maxnumber: undefined })).toString(
        'base64',
      );
    }
  }
  throw new Error('no solution');
}

describe('public intake limits', () => {
  it('counts per key in a window and forgets it after', () => {
    const limit = new WindowLimit(2, 1000);
    expect([limit.take('a', 0), limit.take('a', 1), limit.take('a', 2)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limit.take('b', 2)).toBe(true);
    expect(limit.take('a', 1000)).toBe(true);
  });

  it('keeps a bounded number of addresses', () => {
    const limit = new WindowLimit(1, 60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) limit.take(key, 0);
    // 'a' was dropped to make room, so it starts a new window.
    expect(limit.take('a', 1)).toBe(true);
    expect(limit.take('d', 1)).toBe(false);
  });

  it('is stricter without a proof of work, per address and in total', () => {
    const limiter = createIntakeLimiter({
      withProofPerAddress: 3,
      withoutProofPerAddress: 1,
      withProofGlobal: 100,
      withoutProofGlobal: 2,
      lookupsPerAddress: 1,
      lookupsGlobal: 10,
    });
    expect(limiter.message('1.1.1.1', false, 0)).toBe(true);
    expect(limiter.message('1.1.1.1', false, 0)).toBe(false);
    expect(limiter.message('1.1.1.1', true, 0)).toBe(true);
    expect(limiter.message('2.2.2.2', false, 0)).toBe(true);
    // The global pool without proof is spent: a third address is refused too.
    expect(limiter.message('3.3.3.3', false, 0)).toBe(false);
    expect(limiter.message('3.3.3.3', true, 0)).toBe(true);
    expect([limiter.lookup('1.1.1.1', 0), limiter.lookup('1.1.1.1', 0)]).toEqual([true, false]);
  });
});

describe('proof of work', () => {
  const now = new Date('2026-11-25T10:00:00Z');

  it('accepts a solved challenge once, and nothing forged, foreign or expired', async () => {
    const pow = createProofOfWork('a'.repeat(64));
    const solved = solve(await pow.challenge(now));
    expect(await pow.redeem(solved, now)).toBe(true);
    expect(await pow.redeem(solved, now)).toBe(false);

    const other = createProofOfWork('b'.repeat(64));
    expect(await pow.redeem(solve(await other.challenge(now)), now)).toBe(false);

    const late = solve(await pow.challenge(now));
    expect(await pow.redeem(late, new Date(now.getTime() + 31 * 60_000))).toBe(false);

    const wrong = JSON.parse(Buffer.from(solve(await pow.challenge(now)), 'base64').toString());
    wrong.number += 1;
    expect(await pow.redeem(Buffer.from(JSON.stringify(wrong)).toString('base64'), now)).toBe(
      false,
    );
    for (const junk of ['', 'not base64 at all', 'x'.repeat(5000), btoa('{"signature":1}')]) {
      expect(await pow.redeem(junk, now)).toBe(false);
    }
  });
});

describe('the intake pages', () => {
  const challenge = Buffer.from(JSON.stringify({ salt: 'x'.repeat(40) })).toString('base64');

  it('each weigh under 15 KB, in both languages, and carry no inline script', () => {
    for (const lang of ['en', 'ru'] as const) {
      const pages = [
        renderIntakePage(lang, { ready: true, challenge, draft: 'я'.repeat(4000) }),
        renderReceiptPage(lang, 'ABCD-EFGH-JKMN-PQRS-TVWX'),
        renderFollowUpPage(lang, 'unknownCode'),
        renderConversationPage(
          lang,
          'ABCD-EFGH-JKMN-PQRS-TVWX',
          [
            { direction: 'inbound', at: '2026-11-25T10:00:00.000Z', text: null },
            { direction: 'outbound', at: '2026-11-25T11:00:00.000Z', text: 'We read you.' },
          ],
          { challenge },
        ),
      ];
      for (const page of pages) {
        // The draft is the applicant's own text sent back; the page around it is small.
        const weight = Buffer.byteLength(page.replace('я'.repeat(4000), ''));
        expect(weight).toBeLessThan(15 * 1024);
        expect(page.replace('<script src="/intake.js" defer></script>', '')).not.toMatch(
          /<script/i,
        );
      }
    }
  });
});
