/** What to do when the server cannot listen, by the system's reason: the message the operator sees on stderr. */
export function listenErrorMessage(host: string, port: number, error: NodeJS.ErrnoException): string {
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
