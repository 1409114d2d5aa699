import { parseArgs } from 'node:util';
import { describeStartupFailure } from '@corridor/server';
import { migrate } from './commands/migrate.ts';
import { showConfig } from './commands/show-config.ts';

const usage = `Usage: corridor <command>

Commands:
  config    show the configuration from the environment (no credentials)
  migrate   apply pending database migrations

Configuration comes from environment variables; see docs/operator-guide.md.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { help: { type: 'boolean', short: 'h' } },
});

const [command] = positionals;
if (values.help || command === undefined) {
  console.log(usage);
  process.exit(command === undefined && !values.help ? 2 : 0);
}

try {
  switch (command) {
    case 'config':
      console.log(showConfig(process.env));
      break;
    case 'migrate':
      console.log(await migrate(process.env));
      break;
    default:
      console.error(`corridor: unknown command "${command}"\n\n${usage}`);
      process.exit(2);
  }
} catch (error) {
  console.error(`corridor: ${describeStartupFailure(error)}`);
  process.exit(1);
}
