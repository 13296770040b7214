import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { CompositeNewsSource } from '../../src/news/composite-news-source.js';
import type { NewsItem, NewsSource } from '../../src/news/news-port.js';

describe('several news sources as one', () => {
  it('says a source that fails while another works, once until it works again', async () => {
    const clock = new VirtualClock(0);
    const lines: { level: number; msg: string }[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) } });
    let down = true;
    const item: NewsItem = { id: 'a', title: 'ACME beats', summary: '', publishedAt: 0, source: 'good' };
    const good: NewsSource = { name: 'good', fetch: async () => [item] };
    const flaky: NewsSource = {
      name: 'http://feeds.test/offsite',
      fetch: async () => {
        if (down) throw new Error('redirect to another host: not a feed');
        return [];
      },
    };
    const news = new CompositeNewsSource([good, flaky], 'feeds', { logger });
    for (let i = 0; i < 3; i++) expect(await news.fetch()).toEqual([item]);
    down = false;
    await news.fetch();
    expect(lines.map((l) => l.msg)).toEqual([
      "news source http://feeds.test/offsite failed: redirect to another host: not a feed; the other sources go on, and the health line's sources show its state",
      'news source http://feeds.test/offsite works again',
    ]);
  });
});
