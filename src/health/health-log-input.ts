import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { HealthLogReader, type HealthLog } from './health-report.js';

/**
 * Reads a daemon's log a line at a time, from a file or stdin. `conclave health` is given months of a journal
 * (`journalctl -u conclave -o cat`, about 4 MB a day at info): read whole, a file over 512 MB was more than a string
 * holds ("cannot read"), and a piped one grew the reader's heap with every line until it died.
 */
export async function readHealthLogFrom(input: Readable): Promise<HealthLog> {
  const reader = new HealthLogReader();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) reader.add(line);
  return reader.result();
}

/**
 * A log file to read, opened now: a missing or unreadable one throws here (ENOENT, EACCES), as readFileSync did. A
 * device has no end (/dev/zero took 12 GB and never returned): refused.
 */
export function openLogFile(file: string): Readable {
  const fd = openSync(file, 'r');
  const info = fstatSync(fd);
  if (info.isCharacterDevice() || info.isBlockDevice()) {
    closeSync(fd);
    throw new Error('a device, not a log file');
  }
  // A log logrotate compressed (daemon.log.1.gz) read as "no health line found": it is read through gunzip.
  const head = Buffer.alloc(2);
  let gzipped: boolean;
  try {
    gzipped = readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (error) {
    closeSync(fd); // a folder (EISDIR) is said by the caller
    throw error;
  }
  const stream = createReadStream(file, { fd, start: 0 });
  return gzipped ? stream.pipe(createGunzip()) : stream;
}
