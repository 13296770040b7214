import { readCappedBody } from '../core/capped-body.js';
import { OperationalError } from '../core/errors.js';

/**
 * The HTTP client ccxt uses for one exchange (its `fetchImplementation`), reading each answer with a byte limit.
 * ccxt's own client reads a body whole, however large: a 60 MB klines answer blocked the event loop about 1.5 s per
 * scan and took RSS to 655 MB. Here the body is streamed and the request fails as soon as it passes the limit (at
 * once when Content-Length already says so), with one OperationalError naming the limit and the setting.
 * The body is read before the answer is handed back, so ccxt's request timeout (its abort signal) covers the body too.
 */

/** Default of ccxtMaxBytes: well above the largest answer of a real exchange (Binance's exchangeInfo is several MB). */
export const EXCHANGE_MAX_BYTES = 32 * 1024 * 1024;

/** What ccxt passes to a user-supplied fetchImplementation (its node-fetch compatible path). */
export interface ExchangeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** An undici dispatcher (a proxy), passed on when ccxt gives one. */
  dispatcher?: unknown;
  /** A node-style proxy agent, which fetch cannot use. */
  agent?: unknown;
  /** node-fetch's timeout: ccxt's abort signal already enforces it. */
  timeout?: number;
}

/** The part of a fetch Response ccxt's handleRestResponse reads. */
export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface ExchangeFetchOptions {
  /** Largest body accepted, bytes (after decompression). Default EXCHANGE_MAX_BYTES. */
  maxBytes?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Told of every answer: when it was sent and when its headers came (on `now`), and the headers (the exchange's clock). */
  onAnswer?: { now: () => number; answer: (sentAt: number, receivedAt: number, headers: Headers) => void };
}

/** A path without its query: a signed request's query holds the signature and the key, never shown. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}

export function exchangeFetch(exchangeId: string, options: ExchangeFetchOptions = {}): (url: string, init?: ExchangeFetchInit) => Promise<ExchangeResponse> {
  const maxBytes = options.maxBytes ?? EXCHANGE_MAX_BYTES;
  const fetchFn = options.fetch ?? fetch;
  return async (url, init = {}) => {
    const what = `${exchangeId} ${init.method ?? 'GET'} ${pathOf(url)}`;
    if (init.agent) {
      throw new OperationalError(`${what}: a proxy agent is set on the exchange, which conclave's exchange client cannot use; unset it (ccxt proxies are not supported here)`);
    }
    const request: Record<string, unknown> = {
      method: init.method ?? 'GET',
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
      ...(init.dispatcher ? { dispatcher: init.dispatcher } : {}),
      // Exchange APIs do not redirect; ccxt's own client refuses to follow one (it could carry the signed request away).
      redirect: 'error',
    };
    const sentAt = options.onAnswer?.now();
    const response = await fetchFn(url, request as RequestInit);
    if (options.onAnswer && sentAt !== undefined) options.onAnswer.answer(sentAt, options.onAnswer.now(), response.headers);
    const bytes = await readCappedBody(response, {
      maxBytes,
      tooLarge: (declared) =>
        new OperationalError(
          `${what}: the answer ${declared !== undefined ? `is ${declared} bytes, over` : 'passed'} the ${maxBytes}-byte limit; download stopped (raise ccxtMaxBytes if the exchange legitimately answers that much, else check ccxtApiBaseUrl and the exchange's status)`,
        ),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text: () => Promise.resolve(bytes.toString('utf8')),
      arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
    };
  };
}

/** Gives a ccxt exchange instance the size-limited client; ccxt uses a user-supplied one in place of its own. */
export function limitExchangeAnswers(exchange: object & { id: string }, maxBytes?: number, onAnswer?: ExchangeFetchOptions['onAnswer']): void {
  Object.assign(exchange, { fetchImplementation: exchangeFetch(exchange.id, Object.assign(maxBytes !== undefined ? { maxBytes } : {}, onAnswer ? { onAnswer } : {})) });
}
