import { loadConfig, migrateToLatest, openStorage } from '@corridor/server';

/** `corridor migrate`: applies pending migrations to the configured database and says which. */
export async function migrate(env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig(env);
  const storage = await openStorage(config.database);
  try {
    const applied = await migrateToLatest(storage);
    return applied.length === 0
      ? 'The database is up to date.'
      : `Applied ${applied.length} migration(s): ${applied.join(', ')}`;
  } finally {
    await storage.close();
  }
}
