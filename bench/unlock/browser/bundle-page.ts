// Bundles the bench page and its unlock workers with Vite, as the staff app is built
// (packages/web/vite.config.ts): the vault and crypto packages from source, libsodium's
// and OPAQUE's WebAssembly inlined in their modules. Kept in memory and served from there.
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

export interface Bundle {
  /** The page's entry module, as a URL path. */
  readonly entry: string;
  /** Each built file by its URL path (`/assets/…`), as text. */
  readonly files: ReadonlyMap<string, string>;
}

export async function bundlePage(): Promise<Bundle> {
  const output = await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    logLevel: 'warn',
    base: '/',
    build: {
      write: false,
      // The bench page has no HTML of its own: the server writes one tag that loads it.
      rollupOptions: { input: fileURLToPath(new URL('./page.ts', import.meta.url)) },
      // As the staff app ships it: minified, without source maps.
      sourcemap: false,
      modulePreload: false,
      target: 'es2023',
      outDir: 'dist',
    },
    // The unlock worker uses top-level await (libsodium loads first), so it is a module.
    worker: { format: 'es' },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const files = new Map<string, string>();
  let entry = '';
  for (const { output: items } of outputs) {
    for (const item of items) {
      if (item.type === 'chunk' && item.isEntry) entry = `/${item.fileName}`;
      const text =
        item.type === 'chunk'
          ? item.code
          : typeof item.source === 'string'
            ? item.source
            : new TextDecoder().decode(item.source);
      files.set(`/${item.fileName}`, text);
    }
  }
  if (!entry) throw new Error('the bench page was built without an entry module');
  return { entry, files };
}
