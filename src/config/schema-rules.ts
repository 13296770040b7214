/** Rules the configuration's fields share (config-schema.ts, notify-fields.ts). */
import { z } from 'zod';

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
// A key with spaces or a line end around it was copied with them: the exchange would refuse every signed request.
export const trimmedKey = () => z.string().refine((k) => k === k.trim(), 'has spaces or a line end around it; copy the key alone');
// fetch refuses a URL holding a user name or password (each request would fail at run time): said at start instead.
export const httpUrl = () =>
  z.url({ protocol: /^https?$/ }).refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'holds a user name or password (user:pass@host), which HTTP clients do not send; use a URL with a token in its path or query');
export const fraction = (min = 0, max = 1) => z.number().min(min).max(max);
