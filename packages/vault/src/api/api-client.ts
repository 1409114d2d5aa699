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
  ) {
    super(message);
  }
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

/**
 * Calls routes of the protocol and checks every answer against the route's schema,
 * so a misbehaving or impersonated server cannot slip malformed data into the app.
 */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<R extends RouteDefinition>(
    route: R,
    input: CallInput<R> = {},
  ): Promise<Success<R>> {
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
    let response: Response;
    try {
      response = await doFetch(url, {
        method: route.method.toUpperCase(),
        headers: {
          ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.sessionToken ? { authorization: `Bearer ${options.sessionToken}` } : {}),
        },
        body: input.body === undefined ? null : JSON.stringify(input.body),
      });
    } catch (error) {
      throw new CorridorApiError(
        'network',
        0,
        `cannot reach the server: ${(error as Error).message}`,
      );
    }
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
    const error = ApiErrorSchema.safeParse(json);
    if (error.success) {
      throw new CorridorApiError(
        error.data.error.code,
        response.status,
        error.data.error.message,
        error.data.error.currentVersion,
      );
    }
    throw new CorridorApiError(
      'bad_response',
      response.status,
      `unexpected HTTP ${response.status} from ${route.id}`,
    );
  }

  return {
    call,
    /** The same client, signed in with a session token. */
    withSession: (sessionToken: string) => createApiClient({ ...options, sessionToken }),
    /** The listener's health; a 503 answer is returned too, with `status: 'degraded'`. */
    health: () => call(healthRoute),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
