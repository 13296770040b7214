import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPT } from '../../src/backtest/report/page-script.js';

/** The page's own price formatter (the symbol charts' axis and labels), taken out of its script. */
function pagePriceFormatter(): (v: number) => string {
  const source = (name: string): string => {
    const m = new RegExp(`\\n  function ${name}\\([^)]*\\) \\{[\\s\\S]*?\\n  \\}\\n`).exec(PAGE_SCRIPT);
    if (!m) throw new Error(`no function ${name} in the page script`);
    return m[0];
  };
  return new Function(`${source('group')}${source('price')}return price;`)() as (v: number) => string;
}

describe("the report page's price labels", () => {
  const price = pagePriceFormatter();

  it('shows a penny price with its significant digits and a large one grouped', () => {
    expect(price(0.0023441)).toBe('0.002344');
    expect(price(1.0716)).toBe('1.072');
    expect(price(2_004_999.9)).toBe('2,004,999.90');
  });

  it('shows the zero tick of an axis over small prices as 0.00, not float noise such as -0.0000000000', () => {
    // A tick stepped down to zero in binary floating point: 0.3 - 3 × 0.1 is -5.6e-17.
    const noise = 0.3 - 0.1 * 3;
    expect(noise).toBeLessThan(0);
    expect(price(noise)).toBe('0.00');
    expect(price(-1.7e-18)).toBe('0.00');
    expect(price(0)).toBe('0.00');
  });
});
