import { closeSync, openSync, readSync } from 'node:fs';

/** A file over the cap (it was read no further than the cap and one byte). */
export class FileTooLargeError extends Error {
  constructor(readonly path: string, readonly maxBytes: number) {
    super(`${path} is larger than ${maxBytes} bytes`);
  }
}

/**
 * The bytes of a small file, reading at most `maxBytes` + 1: a settings file named by mistake (a log of gigabytes,
 * /dev/zero) took a gigabyte of memory and failed with V8's "Cannot create a string longer than 0x1fffffe8
 * characters", or never ended. Throws FileTooLargeError past the cap, and fs's own errors (ENOENT, EISDIR...).
 */
export function readCappedFile(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new FileTooLargeError(path, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
