import { describe, expect, it } from 'vitest';
import { CorridorApiError, createApiClient } from './api-client.ts';

const healthy = {
  status: 'ok',
  service: 'corridor',
  listener: 'staff',
  version: '0.1.0',
  database: { kind: 'sqlite', reachable: true, schemaVersion: '0001-organisation' },
};

/** A fetch that answers every call with one fixed response, and records the calls. */
function answering(status: number, body: unknown) {
  const calls: string[] = [];
  const fetch = (async (url: URL) => {
    calls.push(url.toString());
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('the API client', () => {
  it('returns a health answer that matches the protocol', async () => {
    const { fetch, calls } = answering(200, healthy);
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:8081', fetch });
    expect(await client.health()).toEqual(healthy);
    expect(calls).toEqual(['http://127.0.0.1:8081/healthz']);
  });

  it('returns a degraded 503 health answer rather than throwing', async () => {
    const degraded = {
      ...healthy,
      status: 'degraded',
      database: { ...healthy.database, reachable: false, schemaVersion: null },
    };
    const client = createApiClient({ baseUrl: 'http://x', fetch: answering(503, degraded).fetch });
    expect(await client.health()).toMatchObject({ status: 'degraded' });
  });

  it('rejects an answer that does not match the protocol', async () => {
    const client = createApiClient({
      baseUrl: 'http://x',
      fetch: answering(200, { status: 'ok' }).fetch,
    });
    await expect(client.health()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('turns an API error into a typed error with its code', async () => {
    const client = createApiClient({
      baseUrl: 'http://x',
      fetch: answering(500, { error: { code: 'internal', message: 'failed' } }).fetch,
    });
    await expect(client.health()).rejects.toEqual(new CorridorApiError('internal', 500, 'failed'));
  });

  it('reports a network failure as such', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(createApiClient({ baseUrl: 'http://x', fetch }).health()).rejects.toMatchObject({
      code: 'network',
    });
  });
});
