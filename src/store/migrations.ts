/**
 * Schema migrations, applied in order at start, all pending ones in one transaction (schema-upgrade.ts); PRAGMA
 * user_version records the last one applied. Never edit a released migration: add a new one.
 */
/**
 * The oldest schema version whose tables this conclave's commands read as they are: the migrations after it only add
 * indexes, so a store at it is read without a migrated copy in memory (schema-upgrade.ts). Raise it to the new
 * version with any migration that adds or changes a table or column.
 */
export const READS_AS_STORED_FROM = 14;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    starting_cash REAL NOT NULL,
    cash REAL NOT NULL,
    realized_pnl REAL NOT NULL DEFAULT 0,
    fees REAL NOT NULL DEFAULT 0,
    peak_equity REAL NOT NULL,
    day_start_equity REAL NOT NULL,
    day TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE opportunities (
    id TEXT PRIMARY KEY,
    symbol TEXT NOT NULL,
    source TEXT NOT NULL,
    direction TEXT NOT NULL,
    score REAL NOT NULL,
    price REAL NOT NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued'
  );
  CREATE INDEX opportunities_created ON opportunities (created_at);

  CREATE TABLE verdicts (
    id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities (id),
    symbol TEXT NOT NULL,
    action TEXT NOT NULL,
    conviction REAL NOT NULL,
    score REAL NOT NULL,
    size_fraction REAL NOT NULL,
    stop REAL,
    target REAL,
    reasons TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    duration_ms REAL NOT NULL
  );
  CREATE INDEX verdicts_decided ON verdicts (decided_at);

  CREATE TABLE agent_signals (
    id INTEGER PRIMARY KEY,
    verdict_id TEXT NOT NULL REFERENCES verdicts (id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    stance REAL,
    confidence REAL,
    rationale TEXT,
    metrics TEXT,
    risk TEXT,
    error TEXT,
    latency_ms REAL NOT NULL
  );
  CREATE INDEX agent_signals_verdict ON agent_signals (verdict_id);

  CREATE TABLE risk_decisions (
    id INTEGER PRIMARY KEY,
    verdict_id TEXT,
    symbol TEXT NOT NULL,
    outcome TEXT NOT NULL,
    rule TEXT,
    reason TEXT NOT NULL,
    requested_qty REAL NOT NULL,
    approved_qty REAL NOT NULL,
    time INTEGER NOT NULL
  );

  CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    client_order_id TEXT NOT NULL UNIQUE,
    verdict_id TEXT,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    qty REAL NOT NULL,
    filled_qty REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    purpose TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX orders_status ON orders (status);

  CREATE TABLE fills (
    id INTEGER PRIMARY KEY,
    client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    qty REAL NOT NULL,
    price REAL NOT NULL,
    fee REAL NOT NULL,
    time INTEGER NOT NULL
  );
  CREATE INDEX fills_order ON fills (client_order_id);

  CREATE TABLE positions (
    symbol TEXT PRIMARY KEY,
    qty REAL NOT NULL,
    avg_price REAL NOT NULL,
    opened_at INTEGER NOT NULL,
    stop_price REAL,
    target_price REAL,
    atr REAL,
    peak_price REAL NOT NULL,
    mark_price REAL,
    trailing_active INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE position_events (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    change TEXT NOT NULL,
    qty REAL NOT NULL,
    price REAL NOT NULL,
    realized_pnl REAL,
    reason TEXT,
    client_order_id TEXT,
    time INTEGER NOT NULL
  );

  CREATE TABLE symbol_exits (
    symbol TEXT PRIMARY KEY,
    exited_at INTEGER NOT NULL
  );

  CREATE TABLE news_seen (
    id TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
  );
  CREATE INDEX news_seen_at ON news_seen (seen_at);
  `,
  // Retention (src/store/retention.ts) finds old rows and what still points to them by these.
  `
  CREATE INDEX orders_updated ON orders (updated_at);
  CREATE INDEX orders_verdict ON orders (verdict_id);
  CREATE INDEX position_events_time ON position_events (time);
  CREATE INDEX risk_decisions_time ON risk_decisions (time);
  CREATE INDEX verdicts_opportunity ON verdicts (opportunity_id);
  `,
  // The cockpit: the equity curve since the store began, and who halted or resumed trading, and why.
  `
  CREATE TABLE equity_history (
    time INTEGER PRIMARY KEY,
    equity REAL NOT NULL,
    cash REAL NOT NULL,
    exposure REAL NOT NULL
  );

  CREATE TABLE operator_actions (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    action TEXT NOT NULL,
    who TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  `,
  // Why each fill happened (entry, signal, stop, target, trailing, atr, time, end) and the bar an opportunity is about.
  `
  ALTER TABLE fills ADD COLUMN reason TEXT;
  ALTER TABLE opportunities ADD COLUMN bar_time INTEGER;
  `,
  // Scorecards: each discussed bar's forward return at a few horizons (in the symbol's bars), written once known.
  `
  CREATE TABLE forward_returns (
    opportunity_id TEXT NOT NULL,
    horizon_bars INTEGER NOT NULL,
    forward_return REAL NOT NULL,
    known_at INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, horizon_bars)
  );
  `,
  // The volatility an entry's ATR stop is set from, as the chief put it on the verdict (a fraction of price).
  `
  ALTER TABLE verdicts ADD COLUMN atr_fraction REAL;
  `,
  // The close time of the newest bar the position monitor judged for a position, so a restart resumes from there.
  `
  ALTER TABLE positions ADD COLUMN judged_until INTEGER;
  `,
  // The newest bar a discussion saw, so a news verdict (its opportunity names no bar) has a scorecard too.
  `
  ALTER TABLE verdicts ADD COLUMN basis_bar_time INTEGER;
  `,
  // What made the store (paper, live or backtest; store-kind.ts), so a daemon never carries on another kind's account.
  `
  CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // The cockpit's verdict list says what became of each verdict (its order, or the risk gate's refusal), and which
  // opportunities were reviews of a held position; \`explain\` reads a review's question back from the kind.
  `
  CREATE INDEX risk_decisions_verdict ON risk_decisions (verdict_id);
  ALTER TABLE opportunities ADD COLUMN kind TEXT;
  `,
  // A live fill whose fee the exchange did not report (or charged in a currency conclave does not value) is recorded
  // with fee 0: the mark keeps that 0 from reading as "no fee" after a restart, in \`explain\` and the cockpit.
  `
  ALTER TABLE fills ADD COLUMN fee_unknown INTEGER;
  `,
  // News seen by feed and id (ids are unique only within a feed). news_seen holds the ids seen before, of no known
  // feed: it is read for every feed, written no more, and empties with the look-back (news-seen-repository.ts).
  `
  CREATE TABLE news_seen_by_feed (
    feed TEXT NOT NULL,
    id TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed, id)
  );
  CREATE INDEX news_seen_by_feed_at ON news_seen_by_feed (seen_at);
  `,
  // Retention deletes an order's position events by its id, and forward returns by age: without these each deletion
  // scanned the whole table (100 orders against 200,000 events held the event loop 0.55 s).
  `
  CREATE INDEX position_events_order ON position_events (client_order_id);
  CREATE INDEX forward_returns_known ON forward_returns (known_at);
  `,
  // The trailing state the bars alone made, kept with the last bar judged: a restart judges the bars closed since from
  // it, not from the peak that quotes inside a bar raised (a rally was sold at the open of a bar it was rising through).
  `
  ALTER TABLE positions ADD COLUMN judged_peak REAL;
  ALTER TABLE positions ADD COLUMN judged_trailing INTEGER;
  `,
  // Forward returns that can never be known, and why (the bars are gone from the market, or too far back to read):
  // without them such stances stayed "pending" in every scorecard for good.
  `
  CREATE TABLE forward_returns_lost (
    opportunity_id TEXT NOT NULL,
    horizon_bars INTEGER NOT NULL,
    reason TEXT NOT NULL,
    known_at INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, horizon_bars)
  );
  `,
];
