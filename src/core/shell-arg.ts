/**
 * A path as a shell reads it back whole, for a command a message tells the user to run: as it is when it holds only
 * characters a shell leaves alone, else in single quotes (Investing.com names its files "Gold Futures Historical
 * Data.csv": unquoted, the command given split into three arguments).
 */
export function shellArg(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
