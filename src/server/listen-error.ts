import { ConfigError, OperationalError } from '../core/errors.js';

/**
 * Why the server cannot listen and what to do, by the system's reason: the message the operator sees on stderr.
 * A host name that does not resolve is a configuration error (exit 78 naming httpHost); the rest may pass (a port
 * freed, an interface brought up), so they exit 1 and a supervisor may try again.
 */
export function listenError(host: string, port: number, error: NodeJS.ErrnoException): Error {
  const message = listenErrorMessage(host, port, error);
  return error.code === 'ENOTFOUND' ? new ConfigError(`Invalid configuration: httpHost: ${message}`, 'httpHost') : new OperationalError(message);
}

function listenErrorMessage(host: string, port: number, error: NodeJS.ErrnoException): string {
  const code = error.code ?? error.message;
  const where = `Cannot listen on ${host}:${port}: ${code}.`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} Another process uses the port: choose another port (CONCLAVE_HTTP_PORT) or set it to 0 to turn the server off.`;
    case 'EACCES':
      return `${where} Ports below 1024 need privileges: choose a port of 1024 or more (CONCLAVE_HTTP_PORT).`;
    case 'EADDRNOTAVAIL':
      return `${where} No interface of this machine has that address: check CONCLAVE_HTTP_HOST (127.0.0.1 for this machine only, 0.0.0.0 for every interface).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `${where} The host name does not resolve: check CONCLAVE_HTTP_HOST or give an address such as 127.0.0.1.`;
    default:
      return `${where} Choose another port (CONCLAVE_HTTP_PORT) or host (CONCLAVE_HTTP_HOST), or set the port to 0 to turn the server off.`;
  }
}
