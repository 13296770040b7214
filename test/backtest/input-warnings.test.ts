import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

const run = (config: object) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--config', join(dir, 'config.json'), '--baseline-seeds', '0', '--from', '2005-01-01', '--out', out, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
  return { r, out };
};

describe('a time stop in clock time shorter than a bar of the files', () => {
  it('is said on stderr, since every position leaves by it at its first bar (an hour on daily ORCL bars)', () => {
    const { r, out } = run({ maxHoldMs: 3_600_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('conclave backtest: warning: maxHoldMs 3600000 (1h) is shorter than one bar of ORCL (1d): every position there leaves by the time stop at the first bar close after its entry; give the time stop in bars (maxHoldBars) instead\n');
    const exits = readFileSync(join(out, 'fills.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')).filter((f) => f[2] === 'sell');
    expect(exits.length).toBeGreaterThan(5);
    expect(exits.every((f) => f[6] === 'time')).toBe(true);
  }, 60_000);

  it('is not said when the time stop is in bars, or longer than a bar', () => {
    for (const config of [{ maxHoldBars: 10 }, { maxHoldMs: 10 * 86_400_000 }]) {
      const { r } = run(config);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
  }, 60_000);
});

describe("a daemon's news configuration given to a backtest without --news", () => {
  it('is said not to be read (the run had no news and said nothing), with what to give instead', () => {
    const feeds = join(ORCL, '..', '..', 'feeds');
    const dir = run({ newsSource: 'directory', newsDirectory: feeds });
    expect(dir.r.status, dir.r.stderr).toBe(0);
    expect(dir.r.stderr).toBe(`conclave backtest: warning: newsSource "directory" (newsDirectory ${feeds}) is the daemon's; a backtest reads news only from --news, so the scout sees none: give the folder of saved feeds as --news ${feeds}\n`);
    const live = run({ newsSource: 'feed', newsFeeds: ['https://example.com/markets.rss'] });
    expect(live.r.stderr).toMatch(/^conclave backtest: warning: newsSource "feed" is the daemon's \(live feeds hold today's news, not the past's\); a backtest reads news only from --news/);
  }, 60_000);
});

describe('news given where an OHLCV file goes', () => {
  it('exits 78 naming the file and saying to give it as --news (it ran as a file of rejected rows)', () => {
    const dir = tempDir();
    const news = join(dir, 'headlines.jsonl');
    writeFileSync(news, `${JSON.stringify({ publishedAt: '2012-03-20T21:00:00Z', title: 'Oracle beats estimates' })}\n`);
    const feed = join(ORCL, '..', '..', 'feeds', 'rss-parser__guardian.rss');
    for (const [file, what] of [[news, `recorded news (publishedAt, title), not OHLCV bars: give news as --news ${news}`], [feed, 'a saved news feed, not OHLCV bars: give news as --news <its folder>']] as const) {
      const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--out', join(dir, 'out'), file, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
      expect(r.status).toBe(78);
      expect(r.stderr).toBe(`conclave: FILE ${JSON.stringify(file)} holds ${what}, and prices as FILE\n`);
    }
  }, 60_000);
});

describe('a scorecard horizon the scanned bars or the span never reach', () => {
  it('is said before the run, naming the settings: the store then holds no return at it, and a symbol shorter than it none at all', () => {
    const { r, out } = run({ scorecardHorizonBars: 3000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "conclave backtest: warning: scorecardHorizonBars 3000 is not below scanBars 120: a stance's forward return is taken from the last scanBars bars each scan reads, which never reach 3000 bars past it, so the run's store (which `conclave scorecard --store` reads; report.json scores from the whole files) scores no stance at this horizon. Lower scorecardHorizonBars below 120, or raise scanBars above 3000\n" +
        'conclave backtest: warning: scorecardHorizonBars 3000 is not below the 2517 bars of ORCL in the span: no stance on it can be scored (report.json counts them all pending). Lower scorecardHorizonBars, or give a longer span\n',
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { agents: { scored: number; pending: number }[] };
    expect(report.agents.every((a) => a.scored === 0 && a.pending > 0)).toBe(true);
    const store = new Database(join(out, 'conclave-paper.db'), { readonly: true });
    try {
      expect(store.prepare('SELECT count(*) FROM forward_returns WHERE horizon_bars = 3000').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('a take-profit within the fees of a round trip', () => {
  it('is said before the run: every position that reaches the target closes at a loss', () => {
    const { r, out } = run({ takeProfitPct: 0.0001 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('conclave backtest: warning: takeProfitPct 0.0001 (0.01 %) is within the fees of a round trip (feeBps 10 on the entry and on the exit, 0.2 %): every position that reaches this target closes at a loss. Raise takeProfitPct above 0.002, or set it to 0 (off)\n');
    const trades = readFileSync(join(out, 'trades.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const targets = trades.filter((t) => t[8] === 'target');
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.every((t) => Number(t[6]) < 0)).toBe(true);
  }, 60_000);
});

describe('partial fills configured for a backtest', () => {
  it('are said not to be used (its fills are whole; the figures were those of a run without them, unsaid)', () => {
    const { r } = run({ partialFillProbability: 0.5 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("conclave backtest: warning: partialFillProbability 0.5 is the live paper broker's; a backtest fills every order whole, at the next bar's open, so it is not used\n");
  }, 60_000);
});

describe('a role served by an LLM in a backtest', () => {
  it('is said before the run (look-ahead, not reproducible), and its abstentions after it (an unreachable endpoint)', () => {
    // Port 9 (discard) is refused by fetch itself: no request leaves the machine.
    const { r } = run({ llmRoles: ['bull'], llmUrl: 'http://127.0.0.1:9/v1/chat/completions', llmModel: 'any' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^conclave backtest: warning: llmRoles bull: served by an LLM in this backtest, one request per discussion; its answers are not reproducible run to run, and a model trained on later years may know what followed each bar/);
    // It said nothing: the bull's stance was missing from every verdict, and the run looked like a quiet panel.
    expect(lines[1]).toMatch(/^conclave backtest: warning: bull abstained in (\d+) of \1 discussions \(an error, a timeout or an invalid answer\): conclave explain --store on one of its verdicts says why$/);
    expect(lines).toHaveLength(2);
  }, 60_000);
});
