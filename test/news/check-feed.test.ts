import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { checkFeed } from '../../src/news/check-feed.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const DIR = path.resolve(process.cwd(), '../shared/data/feeds');
const clock = new VirtualClock(Date.UTC(2026, 0, 1));
async function run(target: string, options = {}): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await checkFeed(target, (l) => lines.push(l), { clock, ...options });
  return { code, text: lines.join('\n') };
}

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.url === '/alerts') res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(readFileSync(path.join(DIR, 'feedjira__google_alerts_atom.xml')));
    else if (req.url === '/not-modified') res.writeHead(304, { etag: '"v1"' }).end();
    else res.writeHead(503).end('down');
  });
});
afterAll(() => server.close());

describe('checkFeed', () => {
  it('prints the items of a file with dates, sentiment and symbols', async () => {
    const { code, text } = await checkFeed2('node-feedparser__illegally-nested.xml');
    expect(code).toBe(0);
    expect(text).toContain('format: rss 2.0, charset utf-8');
    expect(text).toContain('items: 10');
    expect(text).toContain('- 2018-01-17T20:50:00Z  My Professional Armchair Analysis of CES');
    expect(text).toMatch(/sentiment -?\d\.\d\d/);
    expect(text).toContain('result: OK');
  });

  it('flags items whose date fell back to the fetch time', async () => {
    const { text } = await checkFeed2('rss-parser__heraldsun.rss');
    expect(text).toContain('2026-01-01T00:00:00Z (no readable date: fetch time)');
  });

  it('gives the precise reason a file cannot be parsed, with exit code 1', async () => {
    const html = await checkFeed2('rss-parser__unrecognized.rss');
    expect(html.code).toBe(1);
    expect(html.text).toMatch(/error: not a feed: the root element is <head>, <body>/);
    const cut = await checkFeed2('feedparser__rss_incomplete_cdata.xml');
    expect(cut.code).toBe(1);
    expect(cut.text).toMatch(/error: feed is truncated/);
    const empty = await checkFeed2('rss-parser__incomplete-fields.atom');
    expect(empty.code).toBe(1);
    expect(empty.text).toContain('warning: item 1 has no title, summary or link; skipped');
  });

  it('exits 78 on a path that names nothing, a bad argument, as check-data does (1 is for a feed that fails)', async () => {
    const missing = await run('/no/such/feed.xml');
    expect(missing.code).toBe(78);
    expect(missing.text).toMatch(/cannot read \/no\/such\/feed.xml: ENOENT.*\(give a feed file, a folder of saved feeds or an http\(s\) URL\)/);
  });

  it('says an empty file is empty, not that a server sent nothing', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-feed-')), 'saved.xml');
    writeFileSync(file, '');
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.text).toBe(`feed: ${file}\nerror: ${file} is empty (0 bytes): save the feed again, or give its http(s) URL`);
  });

  it('fetches a URL and maps symbols', async () => {
    const symbols = new SymbolMapper([{ symbol: 'WORK', names: ['Slack'] }]);
    const { code, text } = await run(`${server.url}/alerts`, { symbols });
    expect(code).toBe(0);
    expect(text).toContain('http: 200, application/atom+xml');
    expect(text).toContain('symbols WORK');
  });

  it('shows the words each symbol was found by, and how many items of the whole feed each symbol took', async () => {
    // Only 3 items are printed: the count is over all 20, so a symbol a common word maps everywhere stands out. The
    // 20th is a shooting where an officer "was shot through the slack in his uniform": not Slack.
    const symbols = new SymbolMapper([{ symbol: 'WORK', names: ['Slack'] }]);
    const { text } = await run(`${server.url}/alerts`, { symbols, maxPrinted: 3 });
    expect(text).toContain('symbols WORK ("Slack")');
    expect(text).toMatch(/mapped: 19 of 20 items; by symbol: WORK 19 \("Slack", "NYSE:WORK", "NASDAQ:WORK"\)/);
  });

  it('maps an item to its headline’s symbols and says why a symbol its summary names in passing did not map', async () => {
    const symbols = new SymbolMapper([
      { symbol: 'WORK', names: ['Slack'] }, { symbol: 'SNAP', names: ['Snap', 'Snapchat'] },
      { symbol: 'MSFT', names: ['Microsoft'] }, { symbol: 'META', names: ['Facebook'] },
    ]);
    const { text } = await run(`${server.url}/alerts`, { symbols });
    // "Recode Daily: Slack has a Snap problem. Microsoft Teams could be to Slack what Facebook was to Snapchat ..."
    expect(text).toContain('symbols WORK ("Slack"), SNAP ("Snap", "Snapchat"); not mapped, named in the summary only while the headline names WORK, SNAP: MSFT ("Microsoft"), META ("Facebook")');
    // A headline naming none: the summary's symbols map, and the line says where they were found.
    expect(text).toMatch(/Pineview advances in District II playoffs\n.*\n {4}sentiment 0.00; symbols WORK \("Slack"\) from the summary \(the headline names none\): the scout's news, no opportunity\n/);
    // "Global Enterprise Collaboration Software Market 2019 IBM Corporation, Microsoft Corporation ...": Slack is in its list.
    expect(text).toContain('symbols MSFT ("Microsoft"); not mapped, named in the summary only while the headline names MSFT: WORK ("Slack")');
    expect(text).toMatch(/; by symbol: WORK 18 .*, MSFT 2 .*, SNAP 1 .*; named in a summary only, under a headline naming others \(not mapped\): META 1, MSFT 1, WORK 1$/m);
  });

  it('says which items are roundups, naming more symbols than newsMaxSymbols', async () => {
    const symbols = new SymbolMapper([
      { symbol: 'WORK', names: ['Slack'] }, { symbol: 'HLDX', names: ['Haldex'] }, { symbol: 'MTOR', names: ['Meritor'] }, { symbol: 'WBC', names: ['Wabco'] },
    ]);
    const { text } = await run(`${server.url}/alerts`, { symbols });
    expect(text).toMatch(/Revenue Share by Players: Haldex, Meritor, Bendix, MEI, Wabco\n.*\n {4}sentiment 0.00; symbols none: a roundup, its headline names 4, more than newsMaxSymbols 3 \(market news, no opportunity\): WORK \("Slack"\), HLDX \("Haldex"\), MTOR \("Meritor"\), WBC \("Wabco"\)\n/);
    expect(text).toMatch(/^mapped: 18 of 20 items; by symbol: WORK 18 .*, HLDX 1 .*, MTOR 1 .*; roundups \(more than newsMaxSymbols 3 symbols, not mapped\): 1$/m);
    expect((await run(`${server.url}/alerts`, { symbols, maxSymbols: 4 })).text).toMatch(/^mapped: 19 of 20 items; by symbol: WORK 19 .*, HLDX 2 .*, MTOR 2 .*, WBC 1 /m);
  });

  it('reports an HTTP failure', async () => {
    const { code, text } = await run(`${server.url}/down`);
    expect(code).toBe(1);
    expect(text).toMatch(/error: .*HTTP 503/);
    // A 304 to a request that named no copy holds no feed: it was read as one ("cannot read properties of undefined").
    const notModified = await run(`${server.url}/not-modified`);
    expect(notModified).toEqual({
      code: 1,
      text: `feed: ${server.url}/not-modified\nerror: ${server.url}/not-modified: HTTP 304 Not Modified to a request that named no earlier copy (no If-None-Match or If-Modified-Since): the server sent no feed; a cache or proxy in between may be answering for it`,
    });
  });

  it('says why a URL could not be fetched at all, not only "fetch failed"', async () => {
    const gone = await startLoopback((_req, res) => {
      res.end();
    });
    await gone.close(); // nothing listens on its port now
    const { code, text } = await run(`${gone.url}/feed`);
    expect(code).toBe(1);
    expect(text).toContain(`error: ${gone.url}/feed: fetch failed: connect ECONNREFUSED`);
    expect(text).toMatch(/nothing listens there: check the host and port/);
  });
});

function checkFeed2(name: string) {
  return run(path.join(DIR, name));
}
