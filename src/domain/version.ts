/** Vigie's version, recorded in sources, runs and migrations. Kept in step with package.json by a test. */
export const VIGIE_VERSION = '0.1.0';
