import type { z } from 'zod';

export type Listener = 'public' | 'staff';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One endpoint of the contract. The server registers its handler from this
 * definition, the client calls it, and the OpenAPI document is generated from it,
 * so there is one source of truth for paths, inputs and outputs.
 */
export interface RouteDefinition {
  readonly id: string;
  readonly method: HttpMethod;
  /** Fastify-style path (`/api/cases/:caseId`). */
  readonly path: string;
  readonly listeners: readonly Listener[];
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /**
   * `binary`: the request body is raw bytes (`application/octet-stream`), streamed to the
   * handler and bounded by it, never parsed; `body` is then absent. Default: JSON.
   */
  readonly requestContent?: 'json' | 'binary';
  /**
   * `binary`: a success answer is raw bytes (`application/octet-stream`), streamed; its
   * schema in `responses` only types it. Failures stay JSON (`ApiError`). Default: JSON.
   */
  readonly responseContent?: 'json' | 'binary';
  readonly responses: Readonly<Record<number, z.ZodType>>;
}

export function defineRoute<const R extends RouteDefinition>(route: R): R {
  return route;
}
