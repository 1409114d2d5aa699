import { parseArgs } from 'node:util';
import { describeStartupFailure } from '@corridor/server';
import { demo } from './commands/demo.ts';
import { init } from './commands/init.ts';
import { migrate } from './commands/migrate.ts';
import { showConfig } from './commands/show-config.ts';

const usage = `Usage: corridor <command>

Commands:
  init      prepare a production installation and invite its first administrator
  config    show the configuration from the environment (no credentials)
  migrate   apply pending database migrations
  demo      run Corridor with the demo organisation (what \`npm start\` does)

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
    case 'init':
      console.log(await init(process.env));
      break;
    case 'demo':
      await demo(process.env);
      break;
    default:
      console.error(`corridor: unknown command "${command}"\n\n${usage}`);
      process.exit(2);
  }
} catch (error) {
  console.error(`corridor: ${describeStartupFailure(error)}`);
  process.exit(1);
}
