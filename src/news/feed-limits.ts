/**
 * A feed fetch's limits when the caller names none: the defaults of feedTimeoutMs and feedMaxBytes. The configuration
 * (config/default.json) is where the daemon takes them from; this folder cannot import it (config imports agents,
 * which import news), so a test holds the two equal.
 */
export const FEED_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 } as const;
