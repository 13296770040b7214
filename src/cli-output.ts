/** What a command prints, line by line. */
export const out = (line: string): boolean => process.stdout.write(line + '\n');

/** A check's report: its findings on stdout, why it could not check (`error: ...`) on stderr, where scripts look. */
export const report = (line: string): boolean => (line.startsWith('error: ') ? process.stderr : process.stdout).write(line + '\n');
