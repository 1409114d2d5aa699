import { z } from 'zod';

export const DatabaseKindSchema = z.enum(['sqlite', 'postgres']);
export type DatabaseKind = z.infer<typeof DatabaseKindSchema>;

/**
 * The answer of `GET /healthz`. The public listener says only whether it is up; the
 * staff listener adds the version and the database, which an anonymous caller has no
 * need to know.
 */
export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    service: z.literal('corridor'),
    listener: z.enum(['public', 'staff']),
    version: z.string().max(50).optional(),
    /** True when this is the demo organisation `npm start` made (staff listener only). */
    demo: z.boolean().optional(),
    database: z
      .object({
        kind: DatabaseKindSchema,
        reachable: z.boolean(),
        schemaVersion: z.string().max(200).nullable(),
      })
      .optional(),
  })
  .meta({ id: 'Health' });

export type Health = z.infer<typeof HealthSchema>;
