import { build } from 'vite';

/** Builds the staff web app once, as `npm start` does, so the stories test what users get. */
export default async function setup(): Promise<void> {
  await build({
    root: new URL('../../packages/web/', import.meta.url).pathname,
    logLevel: 'warn',
  });
}
