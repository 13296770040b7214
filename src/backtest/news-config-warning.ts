import type { Config } from '../config/config.js';

/**
 * A configuration that reads real news in the daemon (newsSource "directory" or "feed") does not make a backtest read
 * it: a backtest reads recorded news from --news only, since live feeds hold today's stories, not the past's. A daemon's
 * configuration given to a backtest ran without news and said nothing. Said once, on stderr, when --news is absent.
 */
export function newsConfigWarning(config: Pick<Config, 'newsSource' | 'newsDirectory'>, newsPath: string | undefined): string | undefined {
  if (newsPath !== undefined) return undefined;
  if (config.newsSource === 'directory' || (config.newsSource === 'feed' && config.newsDirectory)) {
    const dir = config.newsDirectory ? ` ${config.newsDirectory}` : '';
    return `newsSource "${config.newsSource}" (newsDirectory${dir || ' unset'}) is the daemon's; a backtest reads news only from --news, so the scout sees none: give the folder of saved feeds as --news${dir}`;
  }
  if (config.newsSource === 'feed') return 'newsSource "feed" is the daemon\'s (live feeds hold today\'s news, not the past\'s); a backtest reads news only from --news, so the scout sees none: record the feeds and give them as --news';
  return undefined;
}
