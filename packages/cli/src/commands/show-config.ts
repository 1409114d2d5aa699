import { describePostgresUrl, loadConfig } from '@corridor/server';

/** `corridor config`: the configuration the server would start with, without credentials. */
export function showConfig(env: NodeJS.ProcessEnv): string {
  const config = loadConfig(env);
  const database =
    config.database.kind === 'sqlite'
      ? `SQLite, ${config.database.file}`
      : `PostgreSQL, ${describePostgresUrl(config.database.url)}`;
  return [
    `data directory:  ${config.dataDir}`,
    `database:        ${database}`,
    `secrets file:    ${config.secretsFile}`,
    `public listener: ${config.host}:${config.publicPort}`,
    `staff listener:  ${config.host}:${config.staffPort}`,
    `log level:       ${config.logLevel}`,
    `case writes:     ${config.caseWritesPerMinute} per account per minute`,
  ].join('\n');
}
