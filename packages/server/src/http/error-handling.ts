import { CryptoError } from '@corridor/crypto';
import { type ApiError, apiError, type ErrorCode, errorStatus } from '@corridor/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Fastify's own error codes, mapped to ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
  FST_ERR_VALIDATION: 'invalid_request',
};

const englishMessages: Record<ErrorCode, string> = {
  invalid_request: 'The request is not valid. Nothing was changed.',
  unauthenticated: 'Sign in first.',
  authentication_failed: 'The handle, password or code is wrong.',
  forbidden: 'Your roles do not allow this.',
  reauthentication_required: 'Confirm your password first: this change needs it.',
  handle_taken: 'This handle is taken. Choose another.',
  event_limit_reached:
    'This case has reached the most entries a case may hold. Nothing was changed; open a new case to go on.',
  key_version_limit_reached:
    'This part of the case has had its key changed the most times allowed. Nothing was changed.',
  checkin_closed: 'This check-in is already recorded or cancelled. Nothing was changed.',
  invitation_invalid: 'This invitation is unknown, used or expired. Ask for a new one.',
  not_found: 'Not found.',
  method_not_allowed: 'This method is not allowed here.',
  conflict: 'Someone changed this in the meantime. Reload and try again.',
  payload_too_large: 'The request is too large. Nothing was changed.',
  unsupported_media_type: 'This content type is not accepted.',
  range_not_satisfiable: 'The range asked for lies outside the content.',
  mention_not_allowed: 'A member mentioned cannot read this note. Nothing was changed.',
  second_member_required:
    'Another member must confirm this: no one verifies a case alone. Nothing was changed.',
  verification_required:
    'The case must be verified, or the verification overridden with a reason, before it moves on.',
  not_verified:
    'The case is not verified: no shelter takes in, or learns of, a case that is not (an override does not count). Nothing was changed.',
  shelter_full: 'No bed in this shelter is free for these dates. Nothing was changed.',
  partner_has_no_key:
    'This partner has no public key to seal a package to: make a password package instead. Nothing was changed.',
  wrong_compartment:
    'Testimonies, coded violations and evidence are kept only in the testimony part of a case. Nothing was changed.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  internal: 'The server failed. Nothing was changed; try again.',
  unavailable: 'The service is unavailable. Try again shortly.',
};

/**
 * A refusal a handler or service throws on purpose: the client gets its code and the
 * standard message, nothing else.
 */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly code: ErrorCode,
    /** For `conflict` on a versioned record: the version now held, so the client can catch up. */
    readonly currentVersion?: number,
  ) {
    super(code);
  }
}

/** Classifies any error thrown while handling a request as one of our codes. */
export function classifyError(error: FastifyError): {
  code: ErrorCode;
  fields?: string[];
  currentVersion?: number;
} {
  if (error instanceof ApiFailure) {
    return error.currentVersion === undefined
      ? { code: error.code }
      : { code: error.code, currentVersion: error.currentVersion };
  }
  if (error instanceof CryptoError) {
    // Client-supplied bytes (an OPAQUE message, a key) that do not parse.
    if (
      error.code === 'malformed' ||
      error.code === 'invalid_key' ||
      error.code === 'invalid_code'
    ) {
      return { code: 'invalid_request' };
    }
    if (error.code === 'authentication_failed') return { code: 'authentication_failed' };
    return { code: 'internal' };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map(
      (v) => v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
    );
    return { code: 'invalid_request', fields: [...new Set(fields)].slice(0, 50) };
  }
  // A unique or primary key violation: two requests raced for the same row; the loser
  // gets a conflict, not a server fault (PostgreSQL 23505, SQLite's constraint codes).
  if (error.code === '23505' || error.code?.startsWith('SQLITE_CONSTRAINT_'))
    return { code: 'conflict' };
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) return { code: mapped };
  const status = error.statusCode ?? 500;
  if (status === 404) return { code: 'not_found' };
  if (status === 429) return { code: 'rate_limited' };
  if (status >= 400 && status < 500) return { code: 'invalid_request' };
  return { code: 'internal' };
}

export function errorBody(code: ErrorCode, fields?: string[], currentVersion?: number): ApiError {
  return apiError(code, englishMessages[code], fields, currentVersion);
}

export type ErrorPageRenderer = (
  request: FastifyRequest,
  status: number,
  code: ErrorCode,
) => string;

export interface ErrorHandlingOptions {
  /** Renders failures as an HTML page instead of JSON (the public side). */
  readonly renderPage?: ErrorPageRenderer;
  /** Answers unknown routes instead of the default 404 (the staff side serves its app). */
  readonly notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

/**
 * Answers every failure with our error shape (or an HTML page from `renderPage`) and
 * never with a stack trace or an echo of the request. Server faults are logged with
 * their stack; client faults only with their code, since the message of a parse
 * error can quote the body.
 */
export function handleErrors(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  const { renderPage } = options;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { code, fields, currentVersion } = classifyError(error);
    const status = errorStatus[code];
    if (status >= 500) {
      request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    } else {
      request.log.info({ code, route: request.routeOptions.url }, 'request refused');
    }
    return send(request, reply, status, code, fields, renderPage, currentVersion);
  });

  app.setNotFoundHandler(
    options.notFound ??
      ((request, reply) => send(request, reply, 404, 'not_found', undefined, renderPage)),
  );
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  fields: string[] | undefined,
  renderPage: ErrorPageRenderer | undefined,
  currentVersion?: number,
) {
  reply.code(status);
  if (renderPage && !request.url.startsWith('/healthz')) {
    return reply.type('text/html; charset=utf-8').send(renderPage(request, status, code));
  }
  return reply
    .type('application/json; charset=utf-8')
    .send(errorBody(code, fields, currentVersion));
}
