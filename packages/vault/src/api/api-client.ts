import {
  ApiErrorSchema,
  type ErrorCode,
  healthRoute,
  type RouteDefinition,
} from '@corridor/protocol';
import type { z } from 'zod';

/** The server refused or failed a call; `code` is stable and translatable. */
export class CorridorApiError extends Error {
  override readonly name = 'CorridorApiError';
  constructor(
    readonly code: ErrorCode | 'network' | 'bad_response',
    readonly status: number,
    message: string,
    /** With `conflict` on a case: the version the server holds now. */
    readonly currentVersion?: number,
    /** How long the answer's Retry-After asked to wait, in milliseconds, if it had one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from now: delta-seconds or an HTTP date.
 * A proxy in front of the server may send it with a 429 even where the server does not.
 */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type Success<R extends RouteDefinition> = {
  [S in keyof R['responses']]: z.infer<R['responses'][S]>;
}[keyof R['responses']];

export interface CallInput<R extends RouteDefinition> {
  params?: Infer<R['params']>;
  query?: Infer<R['query']>;
  body?: Infer<R['body']>;
}

export interface ApiClientOptions {
  /** Origin of the staff listener, e.g. `http://127.0.0.1:8081`. */
  readonly baseUrl: string;
  /** Injected so the client runs in browsers, Node tests and benchmarks alike. */
  readonly fetch?: typeof globalThis.fetch;
  /** Sent as `Authorization: Bearer …` once signed in; never stored by the client core. */
  readonly sessionToken?: string;
}

/** Raw bytes answered by a route with `responseContent: 'binary'`, not yet read. */
export interface Download {
  /** Where `body` begins in the whole content: 0, or the offset asked for. */
  readonly offset: number;
  /** The size of the whole content, in bytes. */
  readonly size: number;
  readonly body: ReadableStream<Uint8Array>;
}

const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * Calls routes of the protocol and checks every answer against the route's schema,
 * so a misbehaving or impersonated server cannot slip malformed data into the app.
 * Routes with raw bytes go through `upload` and `download`; their failures are the same
 * typed errors.
 */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  function urlOf<R extends RouteDefinition>(route: R, input: CallInput<R>): URL {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      const value = (input.params as Record<string, unknown> | undefined)?.[name];
      if (value === undefined)
        throw new TypeError(`missing path parameter ${name} for ${route.id}`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(path, options.baseUrl);
    for (const [key, value] of Object.entries((input.query as Record<string, unknown>) ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function send<R extends RouteDefinition>(
    route: R,
    input: CallInput<R>,
    body: { type: string; content: string | Uint8Array<ArrayBuffer> } | null,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = urlOf(route, input);
    try {
      return await doFetch(url, {
        method: route.method.toUpperCase(),
        headers: {
          ...headers,
          ...(body ? { 'content-type': body.type } : {}),
          ...(options.sessionToken ? { authorization: `Bearer ${options.sessionToken}` } : {}),
        },
        body: body ? body.content : null,
      });
    } catch (error) {
      throw new CorridorApiError(
        'network',
        0,
        `cannot reach the server: ${(error as Error).message}`,
      );
    }
  }

  /** The typed error of a failed answer: its ApiError, or `bad_response`. */
  function failure(route: RouteDefinition, response: Response, json: unknown): CorridorApiError {
    const error = ApiErrorSchema.safeParse(json);
    const retryAfterMs = retryAfterOf(response);
    if (error.success) {
      return new CorridorApiError(
        error.data.error.code,
        response.status,
        error.data.error.message,
        error.data.error.currentVersion,
        retryAfterMs,
      );
    }
    return new CorridorApiError(
      'bad_response',
      response.status,
      `unexpected HTTP ${response.status} from ${route.id}`,
      undefined,
      retryAfterMs,
    );
  }

  async function parse<R extends RouteDefinition>(route: R, response: Response) {
    const json: unknown = await response.json().catch(() => undefined);
    const schema = route.responses[response.status];
    if (schema) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data as Success<R>;
      throw new CorridorApiError(
        'bad_response',
        response.status,
        `the server's answer to ${route.id} does not match the protocol`,
      );
    }
    throw failure(route, response, json);
  }

  const jsonBody = <R extends RouteDefinition>(input: CallInput<R>) =>
    input.body === undefined
      ? null
      : { type: 'application/json', content: JSON.stringify(input.body) };

  async function call<R extends RouteDefinition>(
    route: R,
    input: CallInput<R> = {},
  ): Promise<Success<R>> {
    return parse(route, await send(route, input, jsonBody(input)));
  }

  /**
   * Calls a JSON route like `call`, but hands back a success answer's body as text, unparsed
   * and unchecked: for answers too large to parse on this thread, which the caller must
   * parse and check against the route's schema itself (the unlock workers do). Failures
   * are the same typed errors as `call`'s.
   */
  async function callText<R extends RouteDefinition>(
    route: R,
    input: CallInput<R> = {},
  ): Promise<string> {
    if (route.responseContent === 'binary') throw new TypeError(`${route.id} answers no JSON`);
    const response = await send(route, input, jsonBody(input));
    if (route.responses[response.status]) {
      if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) {
        await response.body?.cancel();
        throw new CorridorApiError(
          'bad_response',
          response.status,
          `a malformed ${route.id} answer`,
        );
      }
      return response.text();
    }
    throw failure(route, response, await response.json().catch(() => undefined));
  }

  /** Sends raw bytes to a route with `requestContent: 'binary'`; its answer is JSON. */
  async function upload<R extends RouteDefinition>(
    route: R,
    input: Omit<CallInput<R>, 'body'>,
    bytes: Uint8Array<ArrayBuffer>,
  ): Promise<Success<R>> {
    if (route.requestContent !== 'binary') throw new TypeError(`${route.id} takes no raw body`);
    const body = { type: 'application/octet-stream', content: bytes };
    return parse(route, await send(route, input, body));
  }

  /**
   * Starts reading raw bytes from a route with `responseContent: 'binary'`, from `offset`
   * on (an HTTP range) when given. The body is a stream: nothing is read into memory here.
   */
  async function download<R extends RouteDefinition>(
    route: R,
    input: Omit<CallInput<R>, 'body'>,
    offset = 0,
  ): Promise<Download> {
    if (route.responseContent !== 'binary') throw new TypeError(`${route.id} answers no bytes`);
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const response = await send(route, input, null, headers);
    const length = Number(response.headers.get('content-length'));
    if ((response.status === 200 || response.status === 206) && response.body) {
      const range = contentRange.exec(response.headers.get('content-range') ?? '');
      if (response.status === 200 && Number.isSafeInteger(length)) {
        return { offset: 0, size: length, body: response.body };
      }
      if (response.status === 206 && range) {
        return { offset: Number(range[1]), size: Number(range[3]), body: response.body };
      }
      await response.body.cancel();
      throw new CorridorApiError('bad_response', response.status, `a malformed ${route.id} answer`);
    }
    throw failure(route, response, await response.json().catch(() => undefined));
  }

  return {
    call,
    callText,
    upload,
    download,
    /** The same client, signed in with a session token. */
    withSession: (sessionToken: string) => createApiClient({ ...options, sessionToken }),
    /** The listener's health; a 503 answer is returned too, with `status: 'degraded'`. */
    health: () => call(healthRoute),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
