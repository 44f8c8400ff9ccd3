/** Marks a data version read while the database was dark (the last version seen, plus this). */
export const NO_DATABASE_MARK = ":no-database";

export function isReadWithoutDatabase(version: string): boolean {
  return version.endsWith(NO_DATABASE_MARK);
}
