/** The database when DATABASE_URL is unset (its own module: the configuration reads it without loading the driver). */
export const DEFAULT_DATABASE_URL = 'file:data/whoknows.db';
