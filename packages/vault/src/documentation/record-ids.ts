import { randomToken } from '@corridor/crypto';

/**
 * A new id for a testimony, event, act, person or evidence item: 16 random bytes, URL-safe
 * base64 (22 characters), made in the browser so the record is named before it is sent.
 */
export function newRecordId(): string {
  return randomToken(16);
}
