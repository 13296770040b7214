import { readFileSync, statSync } from 'node:fs';
import { FileTooLargeError, readCappedFile } from '../core/capped-file.js';
import { utf16WithBom } from './settings-text.js';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { ConfigError } from '../core/errors.js';
import { osUser } from '../core/os-user.js';
import { shellArg } from '../core/shell-arg.js';

/** The option's name. Not `--env-file`: node 20 takes that as its own even after the script and exits 9 on it. */
export const ENV_FILE_OPTION = '--environment-file';

/**
 * Reads KEY=VALUE lines (dotenv's syntax, as the `.env` of the working directory and systemd's EnvironmentFile= are
 * written) into `env`, filling in only keys not already set: the command line's CONCLAVE_DATA_DIR wins, as the unit's
 * does for the daemon when the file leaves it out. A file that cannot be read is a configuration error (exit 78),
 * never skipped: run without it, `status` would read the paper store of a live account. Values are never echoed.
 */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): void {
  // An empty name was resolved to the working directory ("Cannot read ... /srv: it does not exist").
  if (file.trim() === '') throw new ConfigError('--environment-file is empty: name the file of KEY=VALUE lines (the systemd unit\'s is /etc/conclave/conclave.env); an unset shell variable gives an empty one.');
  let bytes: Buffer;
  try {
    bytes = readCappedFile(file, ENV_FILE_MAX_BYTES);
  } catch (error) {
    throw new ConfigError(unreadable(file, error as NodeJS.ErrnoException));
  }
  fillEnv(envText(bytes, file), env, file, true);
}

/** The working directory's `.env`, when there is one, read as loadEnvFile reads a file (keys already set win). */
export function loadDotEnv(env: NodeJS.ProcessEnv): void {
  const file = resolve('.env');
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) return;
    bytes = readCappedFile(file, ENV_FILE_MAX_BYTES);
  } catch {
    return; // dotenv's rule, kept: a .env that is not there or cannot be read is no .env
  }
  fillEnv(envText(bytes, file), env, file);
}

/** Per variable an environment file filled in, that file (the process's environment only). */
const filledBy = new Map<string, string>();

/** The environment file (an --environment-file, or `.env`) that set `name` in the process's environment, if one did. */
export function envFileOf(name: string): string | undefined {
  return filledBy.get(name);
}

/** `systemd`: the file systemd's EnvironmentFile= reads too (an --environment-file), not a `.env`, dotenv's alone. */
function fillEnv(text: string, env: NodeJS.ProcessEnv, file: string, systemd = false): void {
  checkLines(text, file, systemd);
  for (const [key, value] of Object.entries(dotenv.parse(text))) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    if (env === process.env) filledBy.set(key, resolve(file));
  }
}

/**
 * The file's text. UTF-16 (what PowerShell 5's `>` and Notepad's "Unicode" save, with a byte-order mark) is decoded:
 * read as UTF-8 it held no key, and the daemon started on its defaults, in another data dir, without a word. Any other
 * bytes that are not UTF-8 text are refused, naming the file.
 */
function envText(bytes: Buffer, file: string): string {
  const utf16 = utf16WithBom(bytes);
  if (utf16 !== undefined) return utf16;
  const text = bytes.toString('utf8');
  if (text.includes('\u0000') || text.includes('\ufffd')) {
    throw new ConfigError(`The environment file ${resolve(file)} is not text in UTF-8 (or UTF-16 with a byte-order mark): save it as UTF-8 KEY=VALUE lines.`);
  }
  return text;
}

/** KEY=VALUE lines: a megabyte is thousands of keys; more is a file named by mistake (a log, /dev/zero). */
const ENV_FILE_MAX_BYTES = 1 << 20;

function unreadable(file: string, error: NodeJS.ErrnoException): string {
  const head = `Cannot read the environment file ${resolve(file)}`;
  if (error instanceof FileTooLargeError) return `${head}: it holds more than ${ENV_FILE_MAX_BYTES} bytes, not an environment file's KEY=VALUE lines. Check the path.`;
  switch (error.code) {
    case 'ENOENT':
      return `${head}: it does not exist. Check the path (the systemd unit's is /etc/conclave/conclave.env).`;
    case 'ENOTDIR':
      return `${head}: a part of its path is a file, not a folder. Check the path.`;
    case 'EISDIR':
      return `${head}: it is a folder. Name the file of KEY=VALUE lines in it.`;
    case 'EACCES':
    case 'EPERM':
      return `${head}: permission denied${ownership(file)}. Run the command as a user who may read it, as the daemon's user does (sudo -u conclave conclave ${ENV_FILE_OPTION} ${shellArg(file)} ...).`;
    default:
      return `${head}: ${error.code ?? error.message}. Check the path and its permissions.`;
  }
}

/** ": the file is 0640 root:conclave and this command runs as alice", or nothing when it cannot be told. */
function ownership(file: string): string {
  try {
    const stat = statSync(file);
    const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
    return `: the file is ${mode} ${idName('/etc/passwd', stat.uid)}:${idName('/etc/group', stat.gid)} and this command runs as ${osUser()}`;
  } catch {
    return ''; // its folder may not be searched either: the path alone is all there is to tell
  }
}

/** The name of a uid or gid from /etc/passwd or /etc/group (name:x:id:...), else the number. */
function idName(table: string, id: number): string {
  try {
    for (const line of readFileSync(table, 'utf8').split('\n')) {
      const fields = line.split(':');
      if (fields[2] === String(id) && fields[0]) return fields[0];
    }
  } catch {
    // no such table (a container without one): the number will do
  }
  return String(id);
}

/**
 * A line naming a CONCLAVE_ key without "=" ("CONCLAVE_MODE live", a value on the next line) is refused, naming its
 * line and key: dotenv skips it without a word, so the command ran on the default (a paper store for a live account,
 * another data dir). Only our keys: the file may hold other programs' lines. The value is never echoed.
 */
function checkLines(text: string, file: string, systemd: boolean): void {
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    // An unquoted value with a "#" (" # a comment", a URL's fragment): dotenv cuts it there, systemd's
    // EnvironmentFile= keeps it in the value. `conclave config --environment-file` said valid; the service then exited
    // 78 on "8080   # ..." and, by RestartPreventExitStatus=78, stayed down.
    const hash = systemd ? /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*[^"'\s][^#]*#/.exec(line) : null;
    if (hash) {
      throw new ConfigError(
        `The environment file ${resolve(file)}, line ${i + 1}: ${hash[1]!}'s value holds a "#" outside quotes; this command takes it for a comment and cuts the value there, systemd's EnvironmentFile= keeps it, so the service would read another value than this command does. Put a comment on a line of its own; quote a value whose "#" belongs to it (${hash[1]!}='...').`,
        hash[1]!,
      );
    }
    const m = /^\s*(?:export\s+)?(CONCLAVE_[A-Za-z0-9_]*)\b(.*)$/.exec(line);
    if (!m || /^\s*(=|:\s)/.test(m[2]!) || /^\s*:$/.test(m[2]!)) continue;
    throw new ConfigError(`The environment file ${resolve(file)}, line ${i + 1}: ${m[1]!} has no "=" and would be skipped; write it as ${m[1]!}=VALUE.`, m[1]!);
  }
}
