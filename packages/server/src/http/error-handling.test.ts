import { ApiErrorSchema, defineRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logging/logger.ts';
import { createApp } from './create-app.ts';
import { handleErrors } from './error-handling.ts';
import { registerRoute, respond } from './register-route.ts';

const route = defineRoute({
  id: 'testWrite',
  method: 'post',
  path: '/api/things',
  listeners: ['staff'],
  summary: 'test only',
  body: z.object({ name: z.string().min(1).max(20), size: z.number().int().min(0) }),
  responses: { 200: z.object({ stored: z.number() }) },
});

describe('bad input', () => {
  let app: FastifyInstance;
  let stored = 0;

  beforeAll(async () => {
    app = await createApp({
      listener: 'staff',
      logger: createLogger('silent'),
      bodyLimit: 256,
      contentSecurityPolicy: { 'default-src': ["'none'"] },
    });
    handleErrors(app);
    registerRoute(app, route, async () => {
      stored += 1;
      return respond(200, { stored });
    });
    registerRoute(
      app,
      defineRoute({ ...route, id: 'testFails', path: '/api/fails', body: undefined }),
      async () => {
        throw new Error('database exploded at /srv/corridor/secret.sqlite');
      },
    );
  });
  afterAll(() => app.close());

  const post = (url: string, payload: unknown, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it.each([
    ['a missing field', { name: 'x' }, 400, 'invalid_request'],
    ['a wrong type', { name: 'x', size: 'big' }, 400, 'invalid_request'],
    ['a string over its bound', { name: 'x'.repeat(21), size: 1 }, 400, 'invalid_request'],
    ['broken JSON', '{"name": ', 400, 'invalid_request'],
    ['an empty body', '', 400, 'invalid_request'],
    [
      'a body over the size limit',
      { name: 'x', size: 1, pad: 'y'.repeat(500) },
      413,
      'payload_too_large',
    ],
  ])('answers %s with a clear error and changes nothing', async (_label, payload, status, code) => {
    const before = stored;
    const response = await post('/api/things', payload);
    expect(response.statusCode).toBe(status);
    const body = ApiErrorSchema.parse(response.json());
    expect(body.error.code).toBe(code);
    expect(stored).toBe(before);
  });

  it('names the fields that failed, never their values', async () => {
    const response = await post('/api/things', { name: 'secret-value-xyz', size: -1 });
    expect(response.json()).toMatchObject({ error: { code: 'invalid_request', fields: ['size'] } });
    expect(response.body).not.toContain('secret-value-xyz');
  });

  it('refuses a content type it does not parse', async () => {
    const response = await post('/api/things', 'name=x', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('answers a server fault with 500 and no stack trace or internal detail', async () => {
    const response = await post('/api/fails', {});
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'internal', message: 'The server failed. Nothing was changed; try again.' },
    });
    expect(response.body).not.toContain('secret.sqlite');
    expect(response.body).not.toContain('at ');
  });

  it('answers unknown routes with 404 JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('accepts a valid request', async () => {
    const response = await post('/api/things', { name: 'ok', size: 3 });
    expect(response.statusCode).toBe(200);
  });
});

describe('refusals thrown on purpose', () => {
  it('map ApiFailure and client-caused CryptoError to their codes', async () => {
    const { CryptoError } = await import('@corridor/crypto');
    const { ApiFailure, classifyError } = await import('./error-handling.ts');
    expect(classifyError(new ApiFailure('forbidden') as never)).toEqual({ code: 'forbidden' });
    expect(classifyError(new CryptoError('malformed', 'x') as never)).toEqual({
      code: 'invalid_request',
    });
    expect(classifyError(new CryptoError('authentication_failed', 'x') as never)).toEqual({
      code: 'authentication_failed',
    });
    expect(classifyError(new CryptoError('decryption_failed', 'x') as never)).toEqual({
      code: 'internal',
    });
  });
});
