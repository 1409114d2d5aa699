import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasAccounts, isDemo, loadConfig, runFromCommandLine } from '@corridor/server';
import { describeDemo, seedDemo } from '../demo/seed-demo.ts';

/**
 * `corridor demo` (what `npm start` runs): Corridor with the demo organisation. On an
 * empty data directory it seeds the organisation and writes its credentials beside the
 * database; later starts print them again. On a production data directory it starts
 * as production would, without demo data.
 */
export async function demo(env: NodeJS.ProcessEnv): Promise<void> {
  const credentialsFile = join(loadConfig(env).dataDir, 'DEMO-CREDENTIALS.txt');
  await runFromCommandLine('demo', async (server) => {
    if (!(await hasAccounts(server.storage))) {
      const members = await seedDemo(server);
      writeFileSync(credentialsFile, `${describeDemo(members, `${server.staffOrigin}/`)}\n`, {
        mode: 0o600,
      });
      chmodSync(credentialsFile, 0o600);
    }
    if ((await isDemo(server.storage)) && existsSync(credentialsFile)) {
      return `${readFileSync(credentialsFile, 'utf8')}(also in ${credentialsFile})\n`;
    }
    return undefined;
  });
}
