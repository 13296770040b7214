import { describe, expect, it } from 'vitest';
import { ConfigError, OperationalError, exitCodeFor } from '../../src/core/errors.js';
import { listenError } from '../../src/server/listen-error.js';

const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('listenError', () => {
  it('says what to do per cause; an unresolvable host is a configuration error naming httpHost', () => {
    const inUse = listenError('127.0.0.1', 8080, errno('EADDRINUSE'));
    expect(inUse).toBeInstanceOf(OperationalError);
    expect(inUse.message).toMatch(/^Cannot listen on 127\.0\.0\.1:8080: EADDRINUSE\. .*choose another port \(CONCLAVE_HTTP_PORT\)/);
    expect(listenError('0.0.0.0', 80, errno('EACCES')).message).toMatch(/below 1024 need privileges/);
    expect(listenError('10.9.9.9', 8080, errno('EADDRNOTAVAIL')).message).toMatch(/check CONCLAVE_HTTP_HOST/);
    const unresolved = listenError('nosuch.example', 8080, errno('ENOTFOUND'));
    expect(unresolved).toBeInstanceOf(ConfigError);
    expect((unresolved as ConfigError).key).toBe('httpHost');
    expect(exitCodeFor(unresolved)).toBe(78);
    expect(unresolved.message).toMatch(/httpHost.*does not resolve/);
  });
});
