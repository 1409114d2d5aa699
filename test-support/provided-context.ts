// What the global setups hand to tests through Vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the PostgreSQL server this test run started. */
    postgresAdminUrl: string;
  }
}

export {};
