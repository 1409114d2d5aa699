// Its own file, so its module registry has libsodium not yet loaded.
import { describe, expect, it } from 'vitest';
import { randomToken } from './random.ts';
import { errorCode } from './testing.ts';

describe('before initCrypto()', () => {
  it('every operation refuses with not_initialised', () => {
    expect(errorCode(() => randomToken())).toBe('not_initialised');
  });
});
