import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

describe("an API's error answer saved in place of bars", () => {
  it('is said to be a failed download, with the API\'s own words', () => {
    const answers: [unknown, string][] = [
      [{ code: -1121, msg: 'Invalid symbol.' }, 'Invalid symbol.'],
      [{ message: 'forbidden.' }, 'forbidden.'],
      [{ status: 'ERROR', request_id: 'x', error: 'Unknown API Key' }, 'Unknown API Key'],
    ];
    for (const [answer, words] of answers) {
      expect(() => parseOhlcv(JSON.stringify(answer), 'x.json')).toThrow(`OHLCV file x.json is an error answer, not bars ("${words}"): the download failed`);
    }
  });

  it('an object that is neither bars nor an error is still told what is expected', () => {
    expect(() => parseOhlcv('{"a": 1}', 'x.json')).toThrow(/expected a JSON array of \[ts_ms, open, high, low, close, volume\]/);
  });

  it('a web page saved in place of the data is said to be one', () => {
    for (const page of ['<!DOCTYPE html>\n<html><body>Too many requests</body></html>', '<html><head><title>Sign in</title></head></html>']) {
      expect(() => parseOhlcv(page, 'x.csv')).toThrow('OHLCV file x.csv is a web page (HTML), not CSV or JSON: the download failed');
    }
  });
});
