import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import type { RouteDefinition } from '../routes/route.ts';
import { commonErrorResponses, routes } from '../routes/routes.ts';

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  206: 'Part of the content: the range asked for.',
  400: 'The request failed validation; nothing was changed.',
  404: 'Not found, or not yours to see.',
  409: 'Conflict with the current version.',
  413: 'The request body is too large.',
  416: 'The range asked for lies outside the content.',
  500: 'The server failed; nothing was changed.',
  503: 'A dependency (the database) is unavailable.',
};

/** `/api/cases/:caseId` → `/api/cases/{caseId}` (OpenAPI path templating, OAS 3.1 §4.8.2). */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Raw bytes: OAS 3.1 §4.8.14.3 lets binary content go without a schema. */
const binary = { 'application/octet-stream': {} };

function requestBody(route: RouteDefinition) {
  if (route.requestContent === 'binary') return { requestBody: { content: binary } };
  return route.body
    ? { requestBody: { content: { 'application/json': { schema: route.body } } } }
    : {};
}

function operation(route: RouteDefinition): ZodOpenApiOperationObject {
  const responses = { ...commonErrorResponses, ...route.responses };
  const isBinary = (status: number) =>
    route.responseContent === 'binary' && status >= 200 && status < 300;
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [...route.listeners],
    ...(route.params || route.query
      ? {
          requestParams: {
            ...(route.params ? { path: route.params } : {}),
            ...(route.query ? { query: route.query } : {}),
          },
        }
      : {}),
    ...requestBody(route),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, schema]) => [
        status,
        {
          description: statusText[Number(status)] ?? `HTTP ${status}`,
          content: isBinary(Number(status)) ? binary : { 'application/json': { schema } },
        },
      ]),
    ),
  };
}

/** The OpenAPI 3.1 document of the whole API, generated from the route definitions. */
export function buildOpenApiDocument(version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const key = openApiPath(route.path);
    paths[key] = { ...paths[key], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Corridor API',
      version,
      description:
        'The contract between Corridor clients and server. Bodies that carry case content are ciphertext; see docs/protocol.',
    },
    tags: [
      { name: 'public', description: 'Served on the public (intake) listener.' },
      { name: 'staff', description: 'Served on the staff listener.' },
    ],
    paths,
  });
}

/** The document as committed to `packages/protocol/openapi.json`: stable key order, trailing newline. */
export function renderOpenApiDocument(version: string): string {
  return `${JSON.stringify(buildOpenApiDocument(version), null, 2)}\n`;
}
