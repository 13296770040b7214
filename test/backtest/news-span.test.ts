import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG, OHLCV, ORCL, tempDir } from './helpers.js';
import { newsUnmappedLine } from '../../src/backtest/news-span.js';

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '1', '--json', '--from', '2008-05-01', '--to', '2008-06-30', ...args, `ORCL=${ORCL}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 60_000,
  });

const ITEMS = ['{"publishedAt":"2008-06-10T13:05:00Z","title":"ORCL downgrade: analysts cut guidance"}', '{"publishedAt":"2008-06-12T13:05:00Z","title":"ORCL beats estimates"}'];

describe('conclave backtest --news that the run cannot use', () => {
  it('warns once on stderr when the news holds no item at all (an empty file or folder), and runs', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    mkdirSync(join(dir, 'feeds'));
    for (const news of [empty, join(dir, 'feeds')]) {
      const r = conclave(['--out', tempDir(), '--news', news]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe(`conclave backtest: warning: --news ${news} holds no news item (an empty file, or a folder without saved feed files): the scout sees no news\n`);
    }
  }, 60_000);

  it('counts on stderr the items it could not use, by reason (they were only in backtest.log)', () => {
    const file = join(tempDir(), 'news.jsonl');
    writeFileSync(file, [...ITEMS, '{"publishedAt":1213103100,"title":"epoch seconds"}', '{"title":"no date"}', 'not json', ITEMS[0]].join('\n') + '\n');
    const out = tempDir();
    const r = conclave(['--out', out, '--news', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`conclave backtest: warning: --news ${file}: 4 items not used (1 bad-json, 1 no-date, 1 bad-date, 1 duplicate); each is logged with its line and why in ${join(out, 'backtest.log')}\n`);
    // More than the log holds one by one: said so, where it said "each is logged" of 34 items and logged 20.
    const many = join(tempDir(), 'many.jsonl');
    writeFileSync(many, [...ITEMS, ...Array.from({ length: 25 }, (_, i) => `{"title":"undated ${i}"}`)].join('\n') + '\n');
    const more = conclave(['--out', out, '--news', many]);
    expect(more.stderr).toBe(`conclave backtest: warning: --news ${many}: 25 items not used (25 no-date); the first 20 are logged with their line and why in ${join(out, 'backtest.log')}\n`);
    // Once: the coin flip, which reads the news too, logged them a second time.
    expect(readFileSync(join(out, 'backtest.log'), 'utf8').split('\n').filter((l) => l.includes('recorded news item rejected'))).toHaveLength(20);
  }, 60_000);

  it('counts the files of a news folder it could not read as files, not as news items, and the subfolders it did not search', () => {
    const dir = join(tempDir(), 'feeds');
    mkdirSync(dir);
    writeFileSync(join(dir, 'wire.jsonl'), `${ITEMS.join('\n')}\n`);
    writeFileSync(join(dir, 'README.md'), '# what these feeds are\n');
    copyFileSync(join(OHLCV, 'backtesting.py__GOOG.csv'), join(dir, 'prices.csv'));
    copyFileSync(join(OHLCV, '..', 'feeds', 'rss-parser__unrecognized.rss'), join(dir, 'moved.rss'));
    mkdirSync(join(dir, '2008-06'));
    writeFileSync(join(dir, '2008-06', 'more.jsonl'), `${ITEMS[0]}\n`);
    const out = tempDir();
    const r = conclave(['--out', out, '--news', dir]);
    expect(r.status, r.stderr).toBe(0);
    // It said "3 items not used (3 bad-file)".
    expect(r.stderr).toBe(`conclave backtest: warning: --news ${dir}: 3 files not read as news (not a feed, or one that cannot be parsed); 1 subfolder not searched (only the folder's own files are read); each is logged with its line and why in ${join(out, 'backtest.log')}\n`);
  }, 60_000);

  it('warns when no item the run saw names its symbol, and says how to map company names', () => {
    const file = join(tempDir(), 'news.jsonl');
    writeFileSync(file, ['{"publishedAt":"2008-06-10T13:05:00Z","title":"Oracle downgrade: analysts cut guidance"}', '{"publishedAt":"2008-06-12T13:05:00Z","title":"Oracle beats estimates"}'].join('\n') + '\n');
    const r = conclave(['--out', tempDir(), '--news', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`conclave backtest: warning: --news ${file}: none of the 2 items the run saw names ORCL by ticker: the scout read them only as market-wide news, and none opened a discussion; to map headlines by company name, give each symbol a universe entry in --config, e.g. {"universe":[{"symbol":"ORCL","name":"Company name","aliases":["Brand"]}]}\n`);
  }, 60_000);

  it('does not advise a universe entry the configuration already gives: it names what was looked for', () => {
    const universe = [{ symbol: 'ORCL', name: 'Oracle Corporation', aliases: ['Oracle'] }];
    expect(newsUnmappedLine('n.jsonl', { seen: 35, mapped: 0, bySymbol: {} }, ['ORCL'], universe)).toBe(
      "--news n.jsonl: none of the 35 items the run saw names ORCL by ticker, name or alias (ORCL: ORCL, Oracle Corporation, Oracle): the scout read them only as market-wide news, and none opened a discussion; check the names and aliases of --config's universe against the headlines",
    );
    // One symbol without its entry: the advice names it.
    expect(newsUnmappedLine('n.jsonl', { seen: 35, mapped: 0, bySymbol: {} }, ['ORCL', 'GOOG'], universe)).toMatch(/names any of ORCL, GOOG by ticker: .*e\.g\. \{"universe":\[\{"symbol":"GOOG",/);
    expect(newsUnmappedLine('n.jsonl', { seen: 35, mapped: 2, bySymbol: { ORCL: 2 } }, ['ORCL'], universe)).toBeUndefined();
    // Roundups found it by ticker, though they are news of none: as before, not said to be unmapped.
    expect(newsUnmappedLine('n.jsonl', { seen: 35, mapped: 2, bySymbol: {} }, ['ORCL'], universe)).toBeUndefined();
  });

  it('names the symbol no item was news of when others had news (ORCL named, GOOG never)', () => {
    const file = join(tempDir(), 'news.jsonl');
    writeFileSync(file, ITEMS.join('\n') + '\n');
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', '--from', '2008-05-01', '--to', '2008-06-30', '--out', tempDir(), '--news', file, `ORCL=${ORCL}`, `GOOG=${GOOG}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `conclave backtest: warning: --news ${file}: none of the 2 items the run saw names GOOG by ticker: 2 named ORCL; the scout had no news of it, and no item opened a discussion of it; to map headlines by company name, give each symbol a universe entry in --config, e.g. {"universe":[{"symbol":"GOOG","name":"Company name","aliases":["Brand"]}]}\n`,
    );
  }, 60_000);

  it("warns when every item falls outside the run's span, and says nothing when they are inside it", () => {
    const file = join(tempDir(), 'news.jsonl');
    writeFileSync(file, ITEMS.join('\n') + '\n');
    const inside = conclave(['--out', tempDir(), '--news', file]);
    expect(inside.status, inside.stderr).toBe(0);
    expect(inside.stderr).toBe('');
    const before = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', '--from', '2012-01-01', '--to', '2012-03-31', '--out', tempDir(), '--news', file, `ORCL=${ORCL}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    expect(before.status, before.stderr).toBe(0);
    expect(before.stderr).toBe(`conclave backtest: warning: --news ${file}: its 2 items run from 2008-06-10 to 2008-06-12, outside the run's span (2012-01-03 to 2012-03-31): the scout sees no news\n`);
  }, 60_000);
});
