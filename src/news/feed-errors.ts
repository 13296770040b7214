import { OperationalError, TransientError } from '../core/errors.js';

/** Why a feed yields nothing; each reason's message says what was seen and what to check. */
export type FeedErrorReason = 'not-a-feed' | 'malformed' | 'truncated' | 'too-large' | 'empty-body' | 'encoding';

/** The feed's content cannot be used. Not transient: fetching the same bytes again will not help. */
export class FeedParseError extends OperationalError {
  constructor(
    readonly reason: FeedErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** An HTTP failure worth retrying (5xx, 429, 408): the server may recover. */
export class FeedHttpError extends TransientError {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An HTTP failure that retrying will not fix (404, 410, 401, 403, other 4xx). */
export class FeedHttpPermanentError extends OperationalError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A redirect that will not be followed: a loop (too many hops), a scheme other than http(s), no Location. Not retried. */
export class FeedRedirectError extends OperationalError {}
