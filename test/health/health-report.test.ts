import { describe, expect, it } from 'vitest';
import { latestHealth } from '../../src/health/health-report.js';

const line = (time: number) => JSON.stringify({ level: 'info', time, name: 'conclave', component: 'health', uptimeS: 5, msg: 'health' });

/**
 * `journalctl -u conclave | conclave health` (without -o cat) and `docker logs -t conclave | ...` put a prefix before
 * each JSON line. Such a log was "no health line found" (exit 2): an operator's probe judged nothing.
 */
describe('reading health lines', () => {
  it('finds them behind the prefix of journalctl or docker logs --timestamps', () => {
    const journal = [
      `Dec 02 07:15:27 vm conclave[1234]: ${line(1000)}`,
      'Dec 02 07:15:28 vm systemd[1]: Started conclave.',
      `Dec 02 07:15:57 vm conclave[1234]: ${line(31_000)}`,
    ];
    expect(latestHealth(journal)).toMatchObject({ count: 2, line: { time: 31_000 } });
    const docker = [`2026-12-02T07:15:27.000000000Z ${line(2000)}`];
    expect(latestHealth(docker)).toMatchObject({ count: 1, line: { time: 2000 } });
    expect(latestHealth(['plain text with a { brace', `{"msg":"verdict","time":1}`])).toBeNull();
  });

  it('notes a clean stop logged after the latest health line, and only then', () => {
    const stopped = (time: number) => JSON.stringify({ level: 'info', time, name: 'conclave', msg: 'conclave stopped; store closed' });
    expect(latestHealth([line(1000), stopped(2000)])).toEqual(expect.objectContaining({ stoppedAt: 2000 }));
    expect(latestHealth([stopped(500), line(1000)])).not.toHaveProperty('stoppedAt');
  });

  it('notes the fatal error logged after the latest health line, the last one, and none from before it', () => {
    const fatal = (time: number, msg: string) => JSON.stringify({ level: 'fatal', time, name: 'conclave', msg });
    const stopped = JSON.stringify({ level: 'info', time: 3000, name: 'conclave', msg: 'conclave stopped; store closed' });
    expect(latestHealth([line(1000), fatal(2000, 'store deleted'), fatal(2500, 'then this'), stopped])).toEqual(
      expect.objectContaining({ stoppedAt: 3000, fatal: { at: 2500, message: 'then this' } }),
    );
    expect(latestHealth([fatal(500, 'an earlier run'), line(1000)])).not.toHaveProperty('fatal');
    expect(latestHealth([`Dec 02 07:15:27 vm conclave[1]: ${line(1000)}`, `Dec 02 07:15:28 vm conclave[1]: ${fatal(2000, 'x')}`])).toHaveProperty('fatal.message', 'x');
  });
});
