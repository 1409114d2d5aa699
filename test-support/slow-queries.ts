import type { KyselyPlugin, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';

/**
 * Waits after every query, so concurrent transactions interleave statement by statement:
 * a race that real load makes rare happens on every run (`db.withPlugin(slowQueries(5))`).
 */
export function slowQueries(delayMs: number): KyselyPlugin {
  return {
    transformQuery: (args) => args.node,
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return args.result;
    },
  };
}
