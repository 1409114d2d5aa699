import { z } from 'zod';

/** URL-safe base64 without padding, bounded: keys, envelopes, OPAQUE messages, tokens. */
export const base64Url = (maxLength: number) =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'URL-safe base64 without padding');
