import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashboardKernel } from '../helpers/dashboard-kernel.js';

const resume = (url: string) =>
  fetch(`${url}api/resume`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ who: 'ana', reason: 'back to work', confirm: true }),
  });

/**
 * A halt the kill switch does not make (here a fatal condition; a damaged store likewise): the cockpit's overview read
 * the switch alone and said not halted over a status that said halted, and its Resume answered "entries were already
 * allowed".
 */
describe('the cockpit under a halt the kill switch does not make', () => {
  it('shows the halt with what lifts it, and a resume says entries stay halted', async () => {
    const h = await dashboardKernel();
    try {
      const overview = async () => (await (await fetch(`${h.url}api/overview`)).json()) as { halt: { halted: boolean; reason?: string }; status: { halted: boolean } };
      expect((await overview()).halt.halted).toBe(false);
      h.kernel.fatal.raise({ reason: 'the store file was deleted', action: 'restore the store from a backup, then start again' });
      const o = await overview();
      expect(o.status.halted).toBe(true);
      expect(o.halt).toEqual({ halted: true, reason: 'the daemon is stopping on a fatal condition (the store file was deleted): no new entries; restore the store from a backup, then start again' });

      const answer = await resume(h.url);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        ok: true,
        halted: true,
        action: null,
        message: 'the kill switch is off, so nothing changed; entries stay halted: the daemon is stopping on a fatal condition (the store file was deleted): no new entries; restore the store from a backup, then start again',
      });
      // Nothing was recorded: the switch was not on.
      expect(h.kernel.store.db.prepare(`SELECT COUNT(*) AS n FROM operator_actions`).get()).toEqual({ n: 0 });
    } finally {
      await h.kernel.stop();
      rmSync(h.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
