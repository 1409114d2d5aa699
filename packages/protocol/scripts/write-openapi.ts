import { writeFileSync } from 'node:fs';
import { renderOpenApiDocument } from '../src/openapi/openapi-document.ts';
import { openApiFile } from '../src/openapi/openapi-path.ts';
import { protocolVersion } from '../src/version.ts';

writeFileSync(openApiFile, renderOpenApiDocument(protocolVersion));
console.log(`wrote ${openApiFile}`);
