import { initCrypto } from '@corridor/crypto';
import {
  createInvitation,
  DemoDataError,
  ensureOrganisation,
  hasAccounts,
  isDemo,
  loadConfig,
  loadServerSecrets,
  migrateToLatest,
  openStorage,
  systemClock,
} from '@corridor/server';

/**
 * `corridor init`: prepares a production installation — database, organisation and
 * server secrets file — and, while no administrator exists, makes a single-use
 * invitation for the first one (72 hours).
 */
export async function init(env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig(env);
  await initCrypto();
  const storage = await openStorage(config.database);
  try {
    await migrateToLatest(storage);
    await ensureOrganisation(storage);
    if (await isDemo(storage)) {
      throw new DemoDataError(
        'This data directory holds the demo organisation; initialise production in a new CORRIDOR_DATA_DIR (or database).',
      );
    }
    loadServerSecrets(config.secretsFile, !(await hasAccounts(storage)));
    const admin = await storage.db
      .selectFrom('account_role')
      .select('account_id')
      .where('role', '=', 'administrator')
      .executeTakeFirst();
    if (admin)
      return 'Corridor is already initialised: an administrator exists. Administrators invite members from the staff app.';
    const { token, expiresAt } = await createInvitation(
      storage,
      systemClock,
      ['administrator'],
      72,
      null,
    );
    return [
      'Corridor is initialised.',
      `Back up the server secrets file with the database: ${config.secretsFile}`,
      '',
      'Invitation for the first administrator (single use, shown once):',
      `  ${token}`,
      `  valid until ${expiresAt}`,
      'Open the staff app, choose “I have an invitation”, and sign up with it.',
    ].join('\n');
  } finally {
    await storage.close();
  }
}
