import { readFileSync } from 'node:fs';

/** Sockets kept for the HTTP requests beside the WebSocket clients. */
const HTTP_SOCKETS = 64;
/** Descriptors left to the rest of the daemon (the store, news files and feeds, the exchange, logs). */
const RESERVED_FILES = 256;

/** The process's soft limit on open files (Linux), or null where it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line && line[1] !== 'unlimited' ? Number(line[1]) : null;
  } catch {
    return null;
  }
}

/**
 * How many sockets the HTTP server may hold at once: the WebSocket clients it serves plus room for requests, never so
 * many that the daemon's own files and connections find no descriptor left (at least 16, on a tiny limit).
 */
export function connectionCap(maxClients: number, fileLimit: number | null): number {
  const wanted = maxClients + HTTP_SOCKETS;
  return fileLimit === null ? wanted : Math.max(16, Math.min(wanted, fileLimit - RESERVED_FILES));
}
