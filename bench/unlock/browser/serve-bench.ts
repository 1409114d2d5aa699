// A local HTTP server for the bench page: the bundle, the run's data and the caseload
// batches, all from memory, on 127.0.0.1 and a free port, for this run only.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchData } from './bench-data.ts';
import type { Bundle } from './bundle-page.ts';

export interface BenchServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveBench(
  bundle: Bundle,
  data: BenchData,
  batches: readonly string[],
): Promise<BenchServer> {
  const html = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench:unlock:browser</title><script type="module" src="${bundle.entry}"></script>`;
  const meta = JSON.stringify(data);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (type: string, body: string) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const batch = /^\/batch\/(\d+)$/.exec(path)?.[1];
    const json = batch === undefined ? undefined : batches[Number(batch)];
    const code = bundle.files.get(path);
    if (path === '/') send('text/html; charset=utf-8', html);
    else if (path === '/meta.json') send('application/json', meta);
    else if (json !== undefined) send('application/json; charset=utf-8', json);
    else if (code !== undefined) send('text/javascript; charset=utf-8', code);
    else {
      // Including /favicon.ico: the page has none.
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
