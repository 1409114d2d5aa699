// The bench:unlock caseload, built the same way (build-cases.ts on a worker thread per
// core, signing and sealing with the vault's own writeEvent).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BuildRequest, BuiltBatch } from '../build-cases.ts';

export async function buildCaseload(
  request: Omit<BuildRequest, 'seed' | 'cases'>,
  cases: number,
): Promise<BuiltBatch[]> {
  const threads = Math.max(1, Math.min(availableParallelism(), 8));
  const share = Math.ceil(cases / threads / request.batchSize) * request.batchSize;
  const built = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const part: BuildRequest = {
        ...request,
        seed: i + 1,
        cases: Math.max(0, Math.min(share, cases - i * share)),
      };
      const worker = new Worker(new URL('../build-worker-start.mjs', import.meta.url), {
        workerData: part,
      });
      return new Promise<BuiltBatch[]>((resolve, reject) => {
        worker.once('message', (batches: BuiltBatch[]) => {
          resolve(batches);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  return built.flat();
}
