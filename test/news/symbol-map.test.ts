import { describe, expect, it } from 'vitest';
import { newsText } from '../../src/news/news-port.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { sharedFeedItems } from '../helpers/shared-feeds.js';

const mapper = new SymbolMapper([
  { symbol: 'AAPL', names: ['Apple', 'Apple Inc'] },
  { symbol: 'APLE', names: ['Apple Hospitality'] },
  { symbol: 'ON', names: ['ON Semiconductor', 'onsemi'] },
  { symbol: 'KO', names: ['Coca-Cola'] },
  { symbol: 'META', names: ['Meta Platforms', 'Facebook'] },
  { symbol: 'BTC/USDT', names: ['Bitcoin'] },
  { symbol: 'BRK.B', names: ['Berkshire Hathaway'] },
]);

describe('SymbolMapper', () => {
  it('matches names case-insensitively on word boundaries', () => {
    expect(mapper.match('apple unveils new phone')).toEqual(['AAPL']);
    expect(mapper.match("Apple's results")).toEqual(['AAPL']);
    expect(mapper.match('pineapple prices rise')).toEqual([]);
    expect(mapper.match('Applesauce maker')).toEqual([]);
  });

  it('takes a name written with a capital only where the text writes it with one, unless the text has no capitals', () => {
    const m = new SymbolMapper([
      { symbol: 'TGT', names: ['Target'] }, { symbol: 'SQ', names: ['Block'] }, { symbol: 'META', names: ['Meta Platforms', 'Meta'] },
      { symbol: 'AAPL', names: ['Apple'] }, { symbol: 'V', names: ['Visa'] }, { symbol: 'ON', names: ['onsemi'] },
    ]);
    expect(m.match('The build configuration of the target. You can target or exclude user lists')).toEqual([]);
    expect(m.match('It could prove a stumbling block. Join your local meta-entity')).toEqual([]);
    expect(m.match('Trailer: http://trailers.apple.com/trailers and com.apple.FinderInfo. Apply for a visa')).toEqual([]);
    expect(m.match('Target cuts guidance; Block and Meta rally; APPLE, Visa and Onsemi rise')).toEqual(['TGT', 'SQ', 'META', 'AAPL', 'V', 'ON']);
    expect(m.match('target cuts guidance as visa demand slows')).toEqual(['TGT', 'V']);
  });

  it('prefers the longer alias when names overlap', () => {
    expect(mapper.match('Apple Hospitality REIT buys hotels')).toEqual(['APLE']);
    expect(mapper.match('Apple Hospitality and Apple both rose')).toEqual(['APLE', 'AAPL']);
  });

  it('matches tickers case-sensitively as standalone tokens', () => {
    expect(mapper.match('Shares of ON rose 5%')).toEqual(['ON']);
    expect(mapper.match('Shares rose on Monday')).toEqual([]);
    expect(mapper.match('ONE of the best')).toEqual([]);
    expect(mapper.match('Buy ON.')).toEqual(['ON']);
    expect(mapper.match('Visit ON.com')).toEqual([]);
    expect(mapper.match('Trading $ON today')).toEqual(['ON']);
    expect(mapper.match('(NASDAQ: AAPL) fell')).toEqual(['AAPL']);
  });

  it('ignores bare short tickers in all-caps headlines but keeps cashtags', () => {
    expect(mapper.match('MARKETS RALLY ON FED NEWS TODAY')).toEqual([]);
    expect(mapper.match('MARKETS RALLY ON FED NEWS, $ON UP')).toEqual(['ON']);
  });

  it('takes a one-letter ticker only where news writes it as one: $A, (A) or an exchange prefix', () => {
    const m = new SymbolMapper([{ symbol: 'A', names: ['Agilent Technologies'] }, { symbol: 'O', names: ['Realty Income'] }, { symbol: 'T', names: ['AT&T'] }]);
    expect(m.match('A new method produces improved surface strain rate maps')).toEqual([]);
    expect(m.match('Morreu o líder. O presidente da igreja Mórmon morreu')).toEqual([]);
    expect(m.match('Doc: O’Reilly Contract Barred Fox. — Gale T. Shallon, Dean (P&T)')).toEqual([]);
    expect(m.match('Agilent (A) beats estimates; $O and NYSE: T fall')).toEqual(['A', 'O', 'T']);
    expect(m.match('Before AT&T-Time Warner merger')).toEqual(['T']);
  });

  it('does not take a bare ticker that stands beside another word in capitals, or inside an identifier', () => {
    const m = new SymbolMapper([{ symbol: 'KEY', names: ['KeyCorp'] }, { symbol: 'NOW', names: ['ServiceNow'] }, { symbol: 'ON', names: [] }, { symbol: 'TGT', names: ['Target'] }]);
    expect(m.match('Fremont, CA 94536 KEY FEATURES Year Built: 1972')).toEqual([]);
    expect(m.match('CALL FALI Z~ MOVE NOW ~ GREAT PLACE TO CALL HOME!!! (vallejo / benicia)')).toEqual([]);
    expect(m.match('NRI forum in Dubai to be inaugurated IN DUBAI ON 28TH APRIL, says minister')).toEqual([]);
    expect(m.match('bidding strategy is TARGET_CPA or TARGET_SPEND')).toEqual([]);
    expect(m.match('Chipmakers NVDA, ON and AMD rise; NOW shares jump')).toEqual(['ON', 'NOW']);
    expect(m.match('ServiceNow (NOW) Q3 earnings beat; KEY falls')).toEqual(['NOW', 'KEY']);
  });

  it('takes bare tickers in a run of capitals only when every word of the run is a configured ticker', () => {
    const m = new SymbolMapper([
      { symbol: 'AAPL', names: ['Apple'] }, { symbol: 'MSFT', names: ['Microsoft'] }, { symbol: 'NVDA', names: ['Nvidia'] },
      { symbol: 'ON', names: [] }, { symbol: 'KEY', names: [] }, { symbol: 'THE', names: [] }, { symbol: 'A', names: [] },
    ]);
    // A list of tickers: before, each stood beside another word in capitals and none mapped.
    expect(m.match('AAPL MSFT NVDA rally')).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(m.match('Chip movers: NVDA ON up, KEY lower')).toEqual(['NVDA', 'ON', 'KEY']);
    // Capitals as style: one word of the run that is no ticker makes the whole run text, even beside tickers.
    expect(m.match('Flip THE ON SWITCH tonight')).toEqual([]);
    expect(m.match('AAPL MSFT NVDA TOP PICKS')).toEqual([]);
    expect(m.match('Fremont, CA 94536 KEY FEATURES Year Built: 1972')).toEqual([]);
    // A one-letter ticker never stands bare, so it is no ticker of a run either; a comma ends a run.
    expect(m.match('AAPL A MSFT')).toEqual([]);
    expect(m.match('Chipmakers NVDA, ON SWITCH plans and AAPL results')).toEqual(['NVDA', 'AAPL']);
  });

  it('does not take a run of tickers that are all English function words: a phrase in capitals, not a list', () => {
    const m = new SymbolMapper(['ON', 'NOW', 'IT', 'IS', 'ALL', 'NVDA', 'KEY'].map((symbol) => ({ symbol, names: [] })));
    expect(m.match('Summer sale ON NOW at every store')).toEqual([]);
    expect(m.match('Why IT IS the moment to refinance')).toEqual([]);
    expect(m.match('Tickets for the final: ALL IN tonight')).toEqual([]);
    // A run with one ticker that is no function word is a list; a function-word ticker standing alone still counts.
    expect(m.match('Chip movers: NVDA ON up')).toEqual(['NVDA', 'ON']);
    expect(m.match('NOW shares jump after earnings')).toEqual(['NOW']);
    expect(m.match('KEY ON watch list')).toEqual(['KEY', 'ON']);
  });

  it('finds no run on the shared feeds, with dozens of tickers that are English words', () => {
    // Real text in capitals (Craigslist listings, Kannada news titles, "KEY FEATURES", "MOVE NOW ~ GREAT PLACE",
    // "HEY, YOU! YES, YOU WITH THE EYEBA...") with THE, AND, FOR, NEW, ALL, ARE, ONE, YOU, NOW, ON, KEY, IT... as
    // tickers: the items each maps are those it mapped before runs counted, each a word standing alone ("US
    // president", "TV series", "CEO Stewart Butterfield", "AT&T", "IT & MIS Dept."), none a run of them.
    const words = 'THE AND FOR NEW ALL ARE ONE YOU NOW ON KEY IT IS IN NO OK AT AS GO SO UP US WE BE BY DO ME MY OR CEO USA BIG BEST HOME LIFE OPEN REAL SAFE GOOD TRUE LOVE CASH FUN EAT PLAY RUN SEE WELL FOX TV CAT LOW HAS FAST'.split(' ');
    const m = new SymbolMapper(words.map((symbol) => ({ symbol, names: [] })));
    const found = new Map<string, number>();
    for (const item of sharedFeedItems()) for (const s of m.match(newsText(item))) found.set(s, (found.get(s) ?? 0) + 1);
    expect(Object.fromEntries(found)).toEqual({ CEO: 7, US: 16, AT: 2, TV: 9, NEW: 1, YOU: 1, OK: 5, IT: 1, CAT: 1 });
  });

  it('handles hyphens, dotted tickers and pairs', () => {
    expect(mapper.match('Coca Cola and Coca-Cola')).toEqual(['KO']);
    expect(mapper.match('BRK.B hits record')).toEqual(['BRK.B']);
    expect(mapper.match('BTC breaks 100k as Bitcoin rallies')).toEqual(['BTC/USDT']);
    expect(mapper.match('BTC/USDT pair')).toEqual(['BTC/USDT']);
  });

  it('returns unique symbols in order of first appearance', () => {
    expect(mapper.match('Facebook owner Meta Platforms and Apple; AAPL and META again')).toEqual(['META', 'AAPL']);
    expect(mapper.match('')).toEqual([]);
  });

  it('matches names in non-Latin text boundaries', () => {
    const m = new SymbolMapper([{ symbol: '4063.T', names: ['Shin-Etsu', '信越化学'] }]);
    expect(m.match('信越化学 の決算')).toEqual(['4063.T']);
    expect(m.match('Shin Etsu Chemical profit')).toEqual(['4063.T']);
    expect(m.match('4063.T gains')).toEqual(['4063.T']);
  });

  it('finds the same symbols among hundreds, whatever the case or script of the text', () => {
    const many = new SymbolMapper([
      ...Array.from({ length: 500 }, (_, i) => ({ symbol: `Q${i}`, names: [`Quorum Holding ${i}`] })),
      { symbol: 'SUN', names: ['Sunrise Energy'] },
      { symbol: 'OTE', names: ['Ελληνικός Οργανισμός'] },
    ]);
    expect(many.match('Quorum Holding 417 and Quorum-holding 3 report; $Q99 jumps')).toEqual(['Q417', 'Q3', 'Q99']);
    expect(many.match('ΕΛΛΗΝΙΚΌΣ ΟΡΓΑΝΙΣΜΌΣ profit')).toEqual(['OTE']);
    // The long s folds to "s" in a case-insensitive match, though its lower case is itself.
    expect(many.match('Sunriſe Energy expands')).toEqual(['SUN']);
  });
});
