import {
  downloadBlobRoute,
  finishBlobRoute,
  getCaseBatchRoute,
  uploadBlobChunkRoute,
} from '@corridor/protocol';
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

  it('passes on how long a refusal’s Retry-After asks to wait, as seconds or a date', async () => {
    const limited = { error: { code: 'rate_limited', message: 'wait' } };
    const answer = (retryAfter: string, body: unknown = limited) =>
      (async () =>
        new Response(JSON.stringify(body), {
          status: 429,
          headers: { 'retry-after': retryAfter },
        })) as typeof globalThis.fetch;
    const refusalOf = async (fetch: typeof globalThis.fetch) => {
      try {
        await createApiClient({ baseUrl: 'http://x', fetch }).health();
      } catch (error) {
        return error as CorridorApiError;
      }
      throw new Error('answered without a refusal');
    };
    expect(await refusalOf(answer('17'))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 17_000,
    });
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const byDate = (await refusalOf(answer(inTwoMinutes))).retryAfterMs ?? 0;
    expect(byDate).toBeGreaterThan(100_000);
    expect(byDate).toBeLessThanOrEqual(120_000);
    // From a proxy, without our error body; and a header that is not a time is ignored.
    expect(await refusalOf(answer('3', '<html>'))).toMatchObject({
      code: 'bad_response',
      status: 429,
      retryAfterMs: 3000,
    });
    expect((await refusalOf(answer('soon'))).retryAfterMs).toBeUndefined();
    expect((await refusalOf(answering(429, limited).fetch)).retryAfterMs).toBeUndefined();
  });
});

describe('the API client answering text', () => {
  const batch = { body: { ids: ['c'.repeat(22)] } };

  it('hands back a success answer unparsed, after sending the body as JSON', async () => {
    let sent: RequestInit | undefined;
    const text = '{"cases": [ ]}';
    const fetch = (async (_url: URL, init?: RequestInit) => {
      sent = init;
      return new Response(text, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    }) as typeof globalThis.fetch;
    const client = createApiClient({ baseUrl: 'http://x', fetch });
    expect(await client.callText(getCaseBatchRoute, batch)).toBe(text);
    expect(sent?.method).toBe('POST');
    expect(sent?.body).toBe(JSON.stringify(batch.body));
  });

  it('turns failures into the same typed errors as call', async () => {
    const refused = createApiClient({
      baseUrl: 'http://x',
      fetch: answering(400, { error: { code: 'invalid_request', message: 'no' } }).fetch,
    });
    await expect(refused.callText(getCaseBatchRoute, batch)).rejects.toMatchObject({
      code: 'invalid_request',
      status: 400,
    });
    const notJson = createApiClient({
      baseUrl: 'http://x',
      fetch: (async () =>
        new Response('<html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch,
    });
    await expect(notJson.callText(getCaseBatchRoute, batch)).rejects.toMatchObject({
      code: 'bad_response',
    });
    await expect(notJson.callText(downloadBlobRoute, {})).rejects.toThrow(TypeError);
  });
});

describe('the API client with raw bytes', () => {
  const blob = { params: { caseId: 'c'.repeat(22), blobId: 'b'.repeat(22) } };

  /** A fetch that answers with `response` and records the requests. */
  function recording(response: () => Response) {
    const requests: { url: string; init: RequestInit | undefined }[] = [];
    const fetch = (async (url: URL, init?: RequestInit) => {
      requests.push({ url: url.toString(), init });
      return response();
    }) as typeof globalThis.fetch;
    return {
      requests,
      client: createApiClient({ baseUrl: 'http://x', fetch, sessionToken: 't'.repeat(20) }),
    };
  }

  it('uploads bytes as application/octet-stream and checks the JSON answer', async () => {
    const { requests, client } = recording(() => Response.json({ received: 7 }));
    const bytes = Uint8Array.of(1, 2, 3);
    expect(
      await client.upload(uploadBlobChunkRoute, { ...blob, query: { offset: 4 } }, bytes),
    ).toEqual({
      received: 7,
    });
    expect(requests[0]?.url).toBe(
      `http://x/api/cases/${'c'.repeat(22)}/blobs/${'b'.repeat(22)}/chunks?offset=4`,
    );
    expect(new Headers(requests[0]?.init?.headers).get('content-type')).toBe(
      'application/octet-stream',
    );
    expect(requests[0]?.init?.body).toBe(bytes);
  });

  it('refuses to send bytes to a route that takes JSON', async () => {
    const { client } = recording(() => Response.json({}));
    await expect(client.upload(finishBlobRoute, blob, new Uint8Array(1))).rejects.toThrow(
      TypeError,
    );
  });

  it('downloads as a stream, from an offset with a range', async () => {
    const { requests, client } = recording(
      () =>
        new Response(Uint8Array.of(9, 9), {
          status: 206,
          headers: { 'content-range': 'bytes 10-11/12', 'content-length': '2' },
        }),
    );
    const download = await client.download(downloadBlobRoute, blob, 10);
    expect(download.offset).toBe(10);
    expect(download.size).toBe(12);
    expect(new Uint8Array(await new Response(download.body).arrayBuffer())).toEqual(
      Uint8Array.of(9, 9),
    );
    expect(new Headers(requests[0]?.init?.headers).get('range')).toBe('bytes=10-');
  });

  it('turns a refused download into a typed error, and a malformed one into bad_response', async () => {
    const refused = recording(() =>
      Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 }),
    );
    await expect(refused.client.download(downloadBlobRoute, blob)).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    const malformed = recording(() => new Response(Uint8Array.of(1), { status: 206 }));
    await expect(malformed.client.download(downloadBlobRoute, blob, 5)).rejects.toMatchObject({
      code: 'bad_response',
    });
  });
});
