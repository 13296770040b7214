import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { virtualKernel } from '../helpers/kernel-harness.js';

function status(dataDir: string, json: boolean) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'status', ...(json ? ['--json'] : [])], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('conclave status after CONCLAVE_MODE was switched on a data dir', () => {
  it('names what the other mode’s store holds, which no daemon of this mode manages', async () => {
    // A paper daemon has run here; the live store beside it still holds ETH/USDT and an order in flight.
    const { kernel, dataDir } = await virtualKernel();
    await kernel.start();
    await kernel.stop();
    expect(JSON.parse(status(dataDir, true))).toMatchObject({ otherMode: null });
    const live = openStore(join(dataDir, 'conclave-live.db'));
    live.ensureAccount(10_000, 0, '2026-01-05');
    live.savePosition({ symbol: 'ETH/USDT', qty: 1, avgPrice: 100, openedAt: 0, stopPrice: 90, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 }, 0);
    live.insertOrder({ clientOrderId: 'co-live-exit', symbol: 'ETH/USDT', side: 'sell', qty: 1, verdictId: null, status: 'submitted', purpose: 'exit', createdAt: 0 });
    live.close();
    // Before, status showed the paper account alone, as if nothing else were held.
    expect(JSON.parse(status(dataDir, true))).toMatchObject({ otherMode: { store: 'conclave-live.db', mode: 'live', positions: ['ETH/USDT'], ordersInFlight: 1 } });
    expect(status(dataDir, false)).toContain('other mode: conclave-live.db holds 1 open position (ETH/USDT) and 1 order in flight, managed only while a live daemon (CONCLAVE_MODE=live) runs on this data dir\n');
  }, 60_000);
});
