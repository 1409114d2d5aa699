import { fileURLToPath } from 'node:url';

/** Where the committed OpenAPI document lives. */
export const openApiFile = fileURLToPath(new URL('../../openapi.json', import.meta.url));
