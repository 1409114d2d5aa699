import { z } from 'zod';

export const DatabaseKindSchema = z.enum(['sqlite', 'postgres']);
export type DatabaseKind = z.infer<typeof DatabaseKindSchema>;

/**
 * The answer of `GET /healthz` on both listeners. It says only what an onlooker could
 * learn anyway: that the process is up and which kind of database it runs on.
 */
export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    service: z.literal('corridor'),
    listener: z.enum(['public', 'staff']),
    version: z.string().max(50),
    database: z.object({
      kind: DatabaseKindSchema,
      reachable: z.boolean(),
      schemaVersion: z.string().max(200).nullable(),
    }),
  })
  .meta({ id: 'Health' });

export type Health = z.infer<typeof HealthSchema>;
