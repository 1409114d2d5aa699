import { defineRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logging/logger.ts';
import { createApp } from './create-app.ts';
import { handleErrors } from './error-handling.ts';
import { registerRoute, respond } from './register-route.ts';

const secret = 'Ахмед-Кадыров +7 928 555 01 23 secret-testimony';

const echoRoute = defineRoute({
  id: 'testEcho',
  method: 'post',
  path: '/api/test/:caseId',
  listeners: ['staff'],
  summary: 'test only',
  params: z.object({ caseId: z.string().max(100) }),
  body: z.object({ text: z.string().max(200), count: z.number().int() }),
  responses: { 200: z.object({ ok: z.boolean() }) },
});

describe('request logging', () => {
  let lines: string[];
  let app: FastifyInstance;

  beforeEach(async () => {
    lines = [];
    const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
    app = await createApp({
      listener: 'staff',
      logger,
      bodyLimit: 1024,
      contentSecurityPolicy: { 'default-src': ["'none'"] },
    });
    handleErrors(app);
    registerRoute(app, echoRoute, async ({ body }) => {
      if (body.count === 500) {
        // A driver error that quotes the data, as pg's `detail` does.
        throw Object.assign(new Error(`duplicate key ${body.text}`), {
          code: 'XX000',
          detail: `Key (chat_index)=(${body.text}) already exists.`,
        });
      }
      return respond(200, { ok: true });
    });
  });

  afterEach(() => app.close());

  const logText = () => lines.join('\n');
  /**
   * The log without the clock's fields (`time`, `ms`): a timestamp's milliseconds can
   * read "928" as well as a phone number can, so content is searched for without them.
   */
  const logContent = () =>
    lines
      .map((line) => {
        const { time: _time, ms: _ms, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      })
      .join('\n');

  it('never writes a request body, query string, path identifier or secret header to the log', async () => {
    const requests = [
      { payload: { text: secret, count: 1 }, status: 200 },
      { payload: { text: secret, count: 'x' }, status: 400 },
      { payload: { text: secret, count: 500 }, status: 500 },
      { payload: `{"text": "${secret}", broken`, status: 400 },
      { payload: { text: secret.repeat(100), count: 1 }, status: 413 },
    ];
    for (const { payload, status } of requests) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/test/${encodeURIComponent(secret)}?q=${encodeURIComponent(secret)}`,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${secret}`,
          'x-forwarded-for': secret,
        },
        payload,
      });
      expect(response.statusCode).toBe(status);
    }
    expect(lines.length).toBeGreaterThanOrEqual(requests.length);
    expect(logContent()).not.toContain('Ахмед');
    expect(logContent()).not.toContain('928');
    expect(logContent()).not.toContain('secret-testimony');
    expect(logContent()).not.toContain(encodeURIComponent('Ахмед'));
    expect(logContent()).not.toContain('127.0.0.1');
    // The failure itself is logged, by class and code.
    expect(logText()).toContain('"code":"XX000"');
  });

  it('logs the route pattern, method and status of each request', async () => {
    await app.inject({ method: 'POST', url: '/api/test/c-1', payload: { text: 'a', count: 1 } });
    const entry = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request');
    expect(entry).toMatchObject({ method: 'POST', route: '/api/test/:caseId', status: 200 });
    expect(JSON.stringify(entry)).not.toContain('c-1');
  });
});
