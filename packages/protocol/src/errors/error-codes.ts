import { z } from 'zod';

/**
 * Every error the API can answer with, and its HTTP status. Clients translate the
 * code; the English message is only a fallback for tools. Codes are stable: never
 * reuse or rename one, add a new one instead.
 */
export const errorStatus = {
  invalid_request: 400,
  unauthenticated: 401,
  authentication_failed: 401,
  forbidden: 403,
  reauthentication_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  handle_taken: 409,
  /** A case at `maxEventsPerCase`: it takes no more ordinary events. */
  event_limit_reached: 409,
  /** A compartment at `maxKeyVersions`: it takes no new key. */
  key_version_limit_reached: 409,
  /** A check-in already recorded or cancelled: it takes no further step. */
  checkin_closed: 409,
  invitation_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  /** A note mentions someone who cannot read it: refused whole, so no case reaches an outsider. */
  mention_not_allowed: 422,
  /** Confirming one's own proposal of `verified`: no one verifies a case alone. */
  second_member_required: 422,
  /** A case moving to evacuation, shelter or relocation neither verified nor overridden. */
  verification_required: 422,
  /** A shelter placement for a case not verified: an override does not count for shelters. */
  not_verified: 422,
  /** A placement request when no bed of the shelter is free for the dates. */
  shelter_full: 409,
  /** A referral sealed to a partner that has no public key: choose a password package. */
  partner_has_no_key: 422,
  /** Documentation (testimonies, coded violations, evidence, custody) outside `testimony`. */
  wrong_compartment: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const ErrorCodeSchema = z.enum(errorCodes);

/** What the server says when it refuses or fails a request. Never carries request content. */
export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().max(500),
      /** Which fields failed validation, by path only: values are never echoed back. */
      fields: z.array(z.string().max(200)).max(50).optional(),
      /** With `conflict` on a versioned record (a case): the version the server holds now. */
      currentVersion: z.number().int().min(0).optional(),
    }),
  })
  .meta({ id: 'ApiError' });

export type ApiError = z.infer<typeof ApiErrorSchema>;

export function apiError(
  code: ErrorCode,
  message: string,
  fields?: string[],
  currentVersion?: number,
): ApiError {
  return {
    error: {
      code,
      message,
      ...(fields ? { fields } : {}),
      ...(currentVersion === undefined ? {} : { currentVersion }),
    },
  };
}
