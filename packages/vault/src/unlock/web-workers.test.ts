// The Web Worker pool's plumbing (ready, replies by id, failures), over ports that run
// web-worker.ts's handler in this thread with messages structured-cloned and delivered
// later, as postMessage does. Real Web Workers in Chromium: npm run bench:unlock:browser.
import {
  generateBoxKeyPair,
  generateSignKeyPair,
  initCrypto,
  randomToken,
  toBase64,
} from '@corridor/crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TeamKeyring } from '../cases/case-keys.ts';
import { type SyntheticAuthor, syntheticCaseDetail } from './synthetic-cases.ts';
import { loadCaseload } from './unlock-caseload.ts';
import { createUnlockHandler, type UnlockRequest } from './unlock-requests.ts';
import { createWebUnlockWorkers, type WebWorkerPort } from './web-workers.ts';

type Listener = (event: { data?: unknown; message?: string }) => void;

/** A port whose "worker" is the handler in this thread; `fail` fires its error event. */
function inThreadPort(options: { ready?: boolean } = {}) {
  const handle = createUnlockHandler();
  const listeners = { message: [] as Listener[], error: [] as Listener[] };
  let terminated = false;
  const emit = (type: 'message' | 'error', event: { data?: unknown; message?: string }) =>
    setTimeout(() => {
      if (!terminated) for (const listener of listeners[type]) listener(event);
    });
  if (options.ready !== false) emit('message', { data: { ready: true } });
  const port: WebWorkerPort & { fail(message: string): void; terminated(): boolean } = {
    postMessage(message) {
      const { id, request } = structuredClone(message) as { id: number; request: UnlockRequest };
      try {
        emit('message', { data: structuredClone({ id, reply: handle(request) }) });
      } catch (error) {
        emit('message', { data: { id, error: (error as Error).message } });
      }
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      listeners[type].push(listener as Listener);
    },
    terminate() {
      terminated = true;
    },
    fail: (message) => emit('error', { message }),
    terminated: () => terminated,
  };
  return port;
}

let ring: TeamKeyring;
let authors: SyntheticAuthor[];
let team: { id: string; name: string; keys: ReturnType<typeof generateBoxKeyPair> };

beforeAll(async () => {
  await initCrypto();
  team = { id: 'team-1', name: 'Hotline', keys: generateBoxKeyPair() };
  ring = new Map([[team.id, new Map([[1, team.keys]])]]);
  authors = [{ id: 'nadia', sign: generateSignKeyPair() }];
});

describe('unlock workers as Web Workers', () => {
  it('waits for each worker to be ready, then reads and verifies a caseload', async () => {
    const workers = await createWebUnlockWorkers(2, () => inThreadPort());
    const details = ['Ibra', 'Zarema', 'Sasha'].map(
      (title) =>
        syntheticCaseDetail(team, authors, {
          caseId: randomToken(16),
          title,
          details: { testimony: { statement: 'Меня задержали у дома.' } },
          notes: ['Перезвонить вечером.'],
        }).detail,
    );
    const caseload = await loadCaseload(
      workers,
      ring,
      details.map((detail) => JSON.stringify([detail])),
    );
    const cases = await caseload.read();
    expect([...cases.values()].map((c) => c.title).sort()).toEqual(['Ibra', 'Sasha', 'Zarema']);
    expect(await caseload.search('задержание')).toHaveLength(3);
    const signKey = toBase64(authors[0]?.sign.publicKey ?? new Uint8Array());
    expect(await caseload.verify(async () => signKey)).toEqual(new Map());
    await workers.close();
  });

  it("rejects a request with the worker's error, and what waits on a worker that fails", async () => {
    const ports = [inThreadPort(), inThreadPort()];
    const workers = await createWebUnlockWorkers(2, () => ports.shift() ?? inThreadPort());
    await expect(workers.request(0, { op: 'read', batch: 7 })).rejects.toThrow(/not loaded/);
    const failing = inThreadPort();
    const alone = await createWebUnlockWorkers(1, () => failing);
    // The reply is queued after the failure, so the request is still waiting when it fails.
    failing.fail('out of memory');
    await expect(alone.request(0, { op: 'forget' })).rejects.toThrow(/out of memory/);
    await workers.close();
  });

  it('fails to start, and stops the others, when a worker fails before it is ready', async () => {
    const ports = [inThreadPort(), inThreadPort({ ready: false })];
    const started = [...ports];
    ports[1]?.fail('the script would not load');
    await expect(createWebUnlockWorkers(2, () => ports.shift() ?? inThreadPort())).rejects.toThrow(
      /would not load/,
    );
    expect(started.every((port) => port.terminated())).toBe(true);
  });
});
