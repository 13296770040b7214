// A worker thread of the feed parser (feed-parse-thread.ts): parses each feed it is sent with the very parseFeed of
// the main thread, and answers with the parsed feed, or with the FeedParseError's reason and message.
import { parentPort } from 'node:worker_threads';
import { FeedParseError } from './feed-errors.js';
import { parseFeed } from './feed-parser.js';
import type { FeedParseJob } from './feed-parse-thread.js';

const port = parentPort;
if (!port) throw new Error('feed-parse-worker.js runs as a worker thread of the feed parser, not on its own');
port.on('message', ({ id, body, options }: FeedParseJob) => {
  try {
    port.postMessage({ id, feed: parseFeed(body, options) });
  } catch (error) {
    // parseFeed throws only FeedParseError; anything else is said as a malformed feed rather than lost.
    const reason = error instanceof FeedParseError ? error.reason : 'malformed';
    port.postMessage({ id, error: { reason, message: error instanceof Error ? error.message : String(error) } });
  }
});
