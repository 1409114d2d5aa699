import { healthRoute, type Listener } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { registerRoute, respond } from '../http/register-route.ts';
import { isDemo } from '../organisation/organisation.ts';
import type { Storage } from '../storage/storage.ts';
import { serverVersion } from '../version.ts';

/** `GET /healthz`: 200 while the database answers, 503 when it does not; details on the staff side only. */
export function registerHealthRoutes(
  app: FastifyInstance,
  listener: Listener,
  storage: Storage,
): void {
  registerRoute(app, healthRoute, async () => {
    const reachable = await storage.ping();
    const status = reachable ? ('ok' as const) : ('degraded' as const);
    const body =
      listener === 'public'
        ? { status, service: 'corridor' as const, listener }
        : {
            status,
            service: 'corridor' as const,
            listener,
            version: serverVersion,
            demo: reachable ? await isDemo(storage) : false,
            database: {
              kind: storage.kind,
              reachable,
              schemaVersion: reachable ? await storage.schemaVersion() : null,
            },
          };
    return reachable ? respond(200, body) : respond(503, body);
  });
}
