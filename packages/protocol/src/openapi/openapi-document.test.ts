import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../routes/routes.ts';
import { protocolVersion } from '../version.ts';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi-document.ts';
import { openApiFile } from './openapi-path.ts';

describe('the OpenAPI document', () => {
  it('is committed and current (run `npm run openapi -w @corridor/protocol` after changing a schema)', () => {
    expect(readFileSync(openApiFile, 'utf8')).toBe(renderOpenApiDocument(protocolVersion));
  });

  it('lists every route with its operation id', () => {
    const document = buildOpenApiDocument(protocolVersion);
    const operationIds = Object.values(document.paths ?? {}).flatMap((item) =>
      Object.values(item ?? {}).map((op) => (op as { operationId?: string }).operationId),
    );
    expect(operationIds.sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('has unique operation ids', () => {
    const ids = routes.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
