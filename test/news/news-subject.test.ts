import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/news/feed-parser.js';
import { configDefault } from '../../src/config/config.js';
import { NEWS_MAX_SYMBOLS_DEFAULT, newsSubject } from '../../src/news/news-subject.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';

const FEED = path.resolve(process.cwd(), '../shared/data/feeds/feedjira__google_alerts_atom.xml');
const items = parseFeed(readFileSync(FEED), { fetchedAt: 0 }).items;
const item = (title: string) => items.find((i) => i.title.startsWith(title))!;
const mapper = new SymbolMapper([
  { symbol: 'WORK', names: ['Slack'] },
  { symbol: 'SNAP', names: ['Snap', 'Snapchat'] },
  { symbol: 'MSFT', names: ['Microsoft'] },
  { symbol: 'META', names: ['Facebook'] },
]);

describe('newsSubject', () => {
  it('takes the headline’s symbols as the subject, and the summary’s names beside them as passing mentions', () => {
    // Real item: "Recode Daily: Slack has a Snap problem. Microsoft Teams could be to Slack what Facebook was to Snapchat".
    const s = newsSubject(mapper, item('Recode Daily: Slack has a Snap problem'));
    expect(s.symbols).toEqual(['WORK', 'SNAP']);
    expect(s.from).toBe('title');
    expect(s.mentions).toEqual(['MSFT', 'META']);
    // Every match is still there for check-feed to quote, the summary's included.
    expect(s.hits.map((h) => h.symbol)).toEqual(['WORK', 'SNAP', 'MSFT', 'WORK', 'META', 'SNAP', 'WORK']);
  });

  it('takes the summary’s symbols when the headline names none', () => {
    // Real item: a baseball report whose summary names a player, Brayden Slack.
    const s = newsSubject(mapper, item('Pineview advances in District II playoffs'));
    expect(s).toMatchObject({ symbols: ['WORK'], from: 'summary', mentions: [] });
  });

  it('names nothing where neither names a symbol', () => {
    expect(newsSubject(mapper, { title: 'Markets close mixed', summary: 'Stocks ended flat.' })).toEqual({ symbols: [], from: 'none', mentions: [], roundup: [], hits: [] });
  });

  it('reads an item naming more than maxSymbols as a roundup, news of none of them', () => {
    const suppliers = new SymbolMapper([
      { symbol: 'WORK', names: ['Slack'] }, { symbol: 'HLDX', names: ['Haldex'] }, { symbol: 'MTOR', names: ['Meritor'] }, { symbol: 'WBC', names: ['Wabco'] },
    ]);
    // Real items: market-research listings of "players"; one publishable score would have gone to each name.
    const four = item('Global Automotive Slack Market Revenue Share by Players: Haldex, Meritor, Bendix, MEI, Wabco');
    expect(newsSubject(suppliers, four)).toMatchObject({ symbols: [], from: 'title', roundup: ['WORK', 'HLDX', 'MTOR', 'WBC'] });
    const three = item('Report offers Prediction of Automotive Slack Market by Top key players like Haldex, Meritor, Bendix');
    expect(newsSubject(suppliers, three)).toMatchObject({ symbols: ['WORK', 'HLDX', 'MTOR'], roundup: [] });
    expect(newsSubject(suppliers, three, 2)).toMatchObject({ symbols: [], roundup: ['WORK', 'HLDX', 'MTOR'] });
    // A headline of one name is never a roundup, however many its summary lists.
    expect(newsSubject(suppliers, { title: 'Wabco beats estimates', summary: 'Ahead of Haldex, Meritor and Slack.' }, 1)).toMatchObject({ symbols: ['WBC'], mentions: ['HLDX', 'MTOR', 'WORK'] });
  });

  it('holds its default bound equal to config/default.json’s newsMaxSymbols', () => {
    // The news folder cannot import the configuration (a cycle): check-feed and a scanner given no bound use this copy.
    expect(NEWS_MAX_SYMBOLS_DEFAULT).toBe(configDefault('newsMaxSymbols'));
  });
});
