export { migrate } from './commands/migrate.ts';
export { showConfig } from './commands/show-config.ts';
