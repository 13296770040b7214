import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { isHostSyntax, isLoopbackHost } from '../../src/core/host.js';
import { configError } from '../helpers/config-error.js';


const fileWith = (content: Record<string, unknown>) => {
  const file = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'c.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('values the schema alone used to accept', () => {
  it('rejects a data dir of spaces', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_DATA_DIR: '   ' } }));
    expect(e.key).toBe('dataDir');
    expect(e.message).toMatch(/CONCLAVE_DATA_DIR = " {3}"\. Allowed: a non-empty path/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_DATA_DIR: '' } })).key).toBe('dataDir');
    expect(loadConfig({ env: { CONCLAVE_DATA_DIR: 'my data' } }).dataDir).toBe('my data');
  });

  it('rejects a host that is neither an address nor a host name', () => {
    for (const bad of ['not a host!!', '[::1]', 'a..b', '-a.example', '999.1.1.1', '1.2.3', 'host:8080', ' ']) {
      const e = configError(() => loadConfig({ env: { CONCLAVE_HTTP_HOST: bad } }));
      expect(e.key, bad).toBe('httpHost');
      expect(e.message).toMatch(/CONCLAVE_HTTP_HOST.*Allowed: an IPv4 or IPv6 address/);
    }
    for (const good of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'conclave-1.internal.example.com', 'my_service']) {
      expect(loadConfig({ env: { CONCLAVE_HTTP_HOST: good } }).httpHost).toBe(good);
    }
  });
});

describe('host helpers', () => {
  it('tells host syntax and loopback apart', () => {
    expect(isHostSyntax('fe80::1%eth0')).toBe(true);
    expect(isHostSyntax('example.com.')).toBe(true);
    expect(isHostSyntax('x'.repeat(64))).toBe(false);
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST', 'app.localhost']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', 'localhost.example.com']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe('rules across keys', () => {
  it('the shipped defaults obey every rule', () => {
    const c = loadConfig({ env: {} });
    expect(c.sourceRetryBaseMs).toBeLessThanOrEqual(c.sourceRetryMaxMs);
    expect(c.llmTimeoutMs).toBeLessThan(c.agentDeadlineMs);
    expect(c.llmTimeoutMs).toBe(1800);
    expect(c.llmMaxBytes).toBe(1048576);
    expect(c.httpToken).toBe('');
  });

  it('first retry delay at most the longest delay, naming both keys', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_SOURCE_RETRY_BASE_MS: '5000', CONCLAVE_SOURCE_RETRY_MAX_MS: '1000' } }));
    expect(e.key).toBe('sourceRetryBaseMs');
    expect(e.message).toMatch(/sourceRetryBaseMs.*must not exceed sourceRetryMaxMs.*CONCLAVE_SOURCE_RETRY_BASE_MS=5000, CONCLAVE_SOURCE_RETRY_MAX_MS=1000/);
    expect(loadConfig({ env: { CONCLAVE_SOURCE_RETRY_BASE_MS: '1000', CONCLAVE_SOURCE_RETRY_MAX_MS: '1000' } }).sourceRetryBaseMs).toBe(1000);
  });

  it('LLM timeout below the agent deadline; 0 derives it from the deadline', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_LLM_TIMEOUT_MS: '20000', CONCLAVE_AGENT_DEADLINE_MS: '2000' } }));
    expect(e.key).toBe('llmTimeoutMs');
    expect(e.message).toMatch(/llmTimeoutMs must be below agentDeadlineMs.*CONCLAVE_LLM_TIMEOUT_MS=20000, CONCLAVE_AGENT_DEADLINE_MS=2000/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_LLM_TIMEOUT_MS: '2000' } })).key).toBe('llmTimeoutMs');
    expect(loadConfig({ env: { CONCLAVE_AGENT_DEADLINE_MS: '30000' } }).llmTimeoutMs).toBe(27000);
    expect(loadConfig({ env: { CONCLAVE_LLM_TIMEOUT_MS: '25000', CONCLAVE_AGENT_DEADLINE_MS: '30000' } }).llmTimeoutMs).toBe(25000);
    expect(configError(() => loadConfig({ env: { CONCLAVE_LLM_TIMEOUT_MS: '50' } })).key).toBe('llmTimeoutMs');
  });
});

describe('secrets in error messages', () => {
  it('never prints a secret of the wrong type from a file', () => {
    for (const key of ['llmApiKey', 'exchangeApiKey', 'exchangeSecret', 'httpToken']) {
      for (const value of [12345, { nested: 'sekrit-678' }, ['sekrit-678'], true, 98765.4321]) {
        const e = configError(() => loadConfig({ configFile: fileWith({ [key]: value }), env: {} }));
        expect(e.key).toBe(key);
        expect(e.message, `${key}=${JSON.stringify(value)}`).not.toMatch(/12345|sekrit|678|98765|true/);
        expect(e.message).toMatch(/secret .*not shown/);
      }
    }
  });

  it('never prints an invalid token given in the environment', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_HTTP_TOKEN: 'has a space-sekrit' } }));
    expect(e.key).toBe('httpToken');
    expect(e.message).not.toContain('sekrit');
    expect(e.message).toMatch(/CONCLAVE_HTTP_TOKEN = \(secret string, not shown\)/);
  });
});

describe('URLs with a user name or password', () => {
  it('are refused at start, since HTTP clients do not send them, and a secret one is not printed', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_NOTIFY_WEBHOOK_URL: 'https://bob:hunter2@hooks.example.com/x' } }));
    expect(e.key).toBe('notifyWebhookUrl');
    expect(e.message).toMatch(/user name or password/);
    expect(e.message).not.toMatch(/hunter2|bob/);
    // The LLM endpoint too (its key may sit in the query, as the advice says): echoed in full to stderr and the log.
    const llm = configError(() => loadConfig({ env: { CONCLAVE_LLM_URL: 'https://user:SECRETpw@llm.example.com/v1/chat/completions' } }));
    expect(llm.key).toBe('llmUrl');
    expect(llm.message).toMatch(/user name or password/);
    expect(llm.message).not.toMatch(/SECRETpw|llm\.example/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_NEWS_FEEDS: '["https://a:b@feeds.example.com/rss"]' } })).key).toBe('newsFeeds');
    // An @ in the path or the query is no credential.
    expect(loadConfig({ env: { CONCLAVE_NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/x/@team?to=a@b.c' } }).notifyWebhookUrl).toBe('https://hooks.example.com/x/@team?to=a@b.c');
  });
});

describe('a configuration file that is not JSON', () => {
  it('says where, without quoting text that may be a secret', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'c.json');
    writeFileSync(file, '{"queueCapacity": 5, "llmApiKey": sk-live-abcdefghijklmnop }');
    const e = configError(() => loadConfig({ configFile: file, env: {} }));
    expect(e.message).toMatch(/is not valid JSON at line 1, column 35: Unexpected token/);
    expect(e.message).not.toMatch(/sk-live|abcdef|live-/);
    // A trailing comma on line 3: the object's end on line 4 is where it stops being JSON.
    writeFileSync(file, '{\n  "queueCapacity": 5,\n  "riskPerTrade": 0.01,\n}\n');
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toMatch(/is not valid JSON at line 4, column 1: /);
  });

  it('refuses a file larger than any configuration without reading it all (a log named by mistake, /dev/zero)', () => {
    // A 700 MB file took 1.1 GB of memory and failed with V8's "Cannot create a string longer than 0x1fffffe8
    // characters"; /dev/zero never ended (the process aborted out of memory).
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 20 << 20);
    for (const configFile of [file, '/dev/zero']) {
      expect(configError(() => loadConfig({ configFile, env: {} })).message).toBe(
        `the configuration file ${configFile} holds more than 16777216 bytes, more than any configuration (a universe of 5000 symbols is under 1 MB): check the path.`,
      );
    }
  });

  it('names what JSON does not allow (a comment, a trailing comma, single quotes) and an empty file, rather than V8\'s token', () => {
    // They read "Expected property name or '}' in JSON at position 3", and "Unexpected end of JSON input" for an empty file.
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'c.json');
    const cases: [string, string][] = [
      ['', 'is not valid JSON: the file is empty: write a JSON object of configuration keys ({} for none)'],
      ['{\n  // the port\n  "httpPort": 8080\n}\n', 'is not valid JSON at line 2, column 3: JSON allows no comments: remove them'],
      ['{"httpPort": 8080, /* on */ "queueCapacity": 5}', 'is not valid JSON at line 1, column 20: JSON allows no comments: remove them'],
      ['{\n  "queueCapacity": 5,\n}\n', 'is not valid JSON at line 3, column 1: JSON allows no comma before a closing } or ]: remove it'],
      ["{'httpPort': 8080}", 'is not valid JSON at line 1, column 2: JSON quotes with double quotes ("), not single ones'],
    ];
    for (const [text, said] of cases) {
      writeFileSync(file, text);
      const e = configError(() => loadConfig({ configFile: file, env: {} }));
      expect(e.message).toContain(said);
      expect(e.message).not.toMatch(/Expected property name|Unexpected end/);
    }
  });
});

describe('exchange and LLM keys', () => {
  it('with spaces or a line end around them are refused, without printing them (a key of one space passed for live)', () => {
    const live = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_MARKET_SOURCE: 'ccxt' };
    const blank = configError(() => loadConfig({ env: { ...live, CONCLAVE_EXCHANGE_API_KEY: ' ', CONCLAVE_EXCHANGE_SECRET: ' ' } }));
    expect(blank.key).toBe('exchangeApiKey');
    expect(blank.message).toMatch(/CONCLAVE_EXCHANGE_API_KEY = \(secret string, not shown\).*has spaces or a line end around it/);
    const pasted = configError(() => loadConfig({ env: { ...live, CONCLAVE_EXCHANGE_API_KEY: 'abc', CONCLAVE_EXCHANGE_SECRET: 'sekrit-678\n' } }));
    expect(pasted.key).toBe('exchangeSecret');
    expect(pasted.message).not.toMatch(/sekrit/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_LLM_API_KEY: ' sk-1' } })).key).toBe('llmApiKey');
  });
});

describe('live trading on prices that are not the exchange', () => {
  it('refuses mode=live unless the market data comes from the exchange', () => {
    const live = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's' };
    const e = configError(() => loadConfig({ env: live }));
    expect(e.key).toBe('marketSource');
    expect(e.message).toMatch(/marketSource=sim would size, enter and stop real positions on simulated prices.*CONCLAVE_MARKET_SOURCE=sim, CONCLAVE_MODE=live/);
    expect(configError(() => loadConfig({ env: { ...live, CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: '["x.csv"]' } })).key).toBe('marketSource');
    expect(loadConfig({ env: { ...live, CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' } }).mode).toBe('live');
  });

  it('refuses mode=live on an exchange whose ccxt class was not checked for what live mode’s safety needs, naming ccxtExchange; paper on its prices stays allowed', () => {
    const live = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' };
    for (const id of ['coinbase', 'okx', 'bybit', 'kucoin', 'bitstamp', 'gemini', 'gate', 'bitget', 'cryptocom', 'htx']) {
      const e = configError(() => loadConfig({ env: { ...live, CONCLAVE_CCXT_EXCHANGE: id } }));
      expect(e.key, id).toBe('ccxtExchange');
      expect(e.message).toMatch(new RegExp(`^Invalid configuration: ccxtExchange "${id}" is not supported for mode=live: .*set CONCLAVE_CCXT_EXCHANGE to one of them, or run mode=paper .*\\(now CONCLAVE_CCXT_EXCHANGE=${id}, CONCLAVE_MODE=live\\)\\.$`));
    }
    for (const id of ['binance', 'binanceus', 'kraken']) expect(loadConfig({ env: { ...live, CONCLAVE_CCXT_EXCHANGE: id } }).ccxtExchange).toBe(id);
    expect(loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_EXCHANGE: 'kraken', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' } }).mode).toBe('paper');
  });

  it('refuses exchangeStop on Kraken, whose stop-limit sale was never tested, naming exchangeStop and what to do; Binance’s is allowed', () => {
    const live = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]', CONCLAVE_EXCHANGE_STOP: 'true' };
    const e = configError(() => loadConfig({ env: { ...live, CONCLAVE_CCXT_EXCHANGE: 'kraken' } }));
    expect(e.key).toBe('exchangeStop');
    expect(e.message).toMatch(/^Invalid configuration: exchangeStop=true is not supported on ccxtExchange "kraken": .*Set exchangeStop=false \(CONCLAVE_EXCHANGE_STOP=false.*or trade on binance or binanceus \(now CONCLAVE_EXCHANGE_STOP=true, CONCLAVE_CCXT_EXCHANGE=kraken\)\.$/);
    expect(loadConfig({ env: { ...live, CONCLAVE_CCXT_EXCHANGE: 'kraken', CONCLAVE_EXCHANGE_STOP: 'false' } }).exchangeStop).toBe(false);
    for (const id of ['binance', 'binanceus']) expect(loadConfig({ env: { ...live, CONCLAVE_CCXT_EXCHANGE: id } }).exchangeStop).toBe(true);
  });

  it('refuses mode=live on symbols written as the exchange’s ids (BTCUSDT), whose coin a fee paid in it cannot be told from', () => {
    const live = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt' };
    const ids = configError(() => loadConfig({ env: { ...live, CONCLAVE_UNIVERSE: '[{"symbol":"BTCUSDT","name":"Bitcoin"},{"symbol":"ETH/USDT","name":"Ether"}]' } }));
    expect(ids.key).toBe('universe');
    expect(ids.message).toMatch(/mode=live needs the universe in ccxt's unified symbols, BASE\/QUOTE \(BTC\/USDT, not BTCUSDT\).*: BTCUSDT is not\. Set CONCLAVE_UNIVERSE/);
    // Not set: the simulated market's companies, said as such.
    expect(configError(() => loadConfig({ env: live })).message).toMatch(/NOVA, HELX, ORBT, QNTM, VRDA and 15 more are not.*made-up companies/);
    // Paper on the exchange's ids stays allowed: no balance or fee of a coin is read there.
    expect(loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTCUSDT","name":"Bitcoin"}]' } }).mode).toBe('paper');
  });
});

describe('a duration in milliseconds that a count of bars replaces', () => {
  it('is refused, saying which to set (symbolCooldownMs alone was silently overruled by the bars default)', () => {
    const alone = configError(() => loadConfig({ env: { CONCLAVE_SYMBOL_COOLDOWN_MS: '7200000' } }));
    expect(alone.key).toBe('symbolCooldownMs');
    expect(alone.message).toMatch(/symbolCooldownMs would be ignored: symbolCooldownBars is 5 by default.*Set CONCLAVE_SYMBOL_COOLDOWN_BARS=0 to count in milliseconds/);
    const both = configError(() => loadConfig({ configFile: fileWith({ maxHoldMs: 3_600_000, maxHoldBars: 10 }), env: {} }));
    expect(both.message).toMatch(/maxHoldMs would be ignored: maxHoldBars is also set/);
    // The milliseconds with the bars at 0, or the bars alone, are what they say.
    expect(loadConfig({ env: { CONCLAVE_SYMBOL_COOLDOWN_MS: '7200000', CONCLAVE_SYMBOL_COOLDOWN_BARS: '0' } }).symbolCooldownMs).toBe(7_200_000);
    expect(loadConfig({ env: { CONCLAVE_MAX_HOLD_MS: '3600000' } }).maxHoldMs).toBe(3_600_000);
    expect(loadConfig({ env: { CONCLAVE_OPPORTUNITY_COOLDOWN_BARS: '3' } }).opportunityCooldownBars).toBe(3);
  });
});

describe('the analyst’s long trend', () => {
  it('is refused over more bars than a discussion sees, saying to raise scanBars; allowed once scanBars covers it', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_CONFIG: fileWith({ agents: { analyst: { longTrendBars: 400 } } }) } }));
    expect(e.key).toBe('agents');
    expect(e.message).toMatch(/longTrendBars 400 is more bars than a discussion sees .*250.*Raise CONCLAVE_SCAN_BARS to 400 or more/);
    const config = loadConfig({ env: { CONCLAVE_CONFIG: fileWith({ agents: { analyst: { longTrendBars: 400 } }, scanBars: 400 }) } });
    expect((config.agents as { analyst: { longTrendBars: number } }).analyst.longTrendBars).toBe(400);
  });
});
