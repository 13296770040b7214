import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, xmlToText } from '../../src/news/html-text.js';

describe('html text', () => {
  it('strips tags, scripts and comments and collapses whitespace', () => {
    expect(htmlToText('<p>Shares <b>soar</b></p>\n\n<p>after&nbsp;results</p><script>alert(1)</script><!-- x -->')).toBe('Shares soar after results');
    expect(htmlToText('a<br/>b<img src="x">c')).toBe('a b c');
    expect(htmlToText('price < 5 and > 3')).toBe('price < 5 and > 3');
  });

  it('decodes named, decimal, hex and windows-1252 references', () => {
    expect(decodeEntities('AT&amp;T &eacute;t&eacute; &#8364;5 &#x2014; &#146;s &bogus;')).toBe('AT&T été €5 — ’s &bogus;');
  });

  it('unescapes escaped markup once and keeps CDATA literal', () => {
    expect(xmlToText('&lt;b&gt;Slack&lt;/b&gt; market')).toBe('Slack market');
    expect(xmlToText('<![CDATA[<p>Q&amp;A &amp; more</p>]]>')).toBe('Q&A & more');
    expect(xmlToText('<![CDATA[   padded   ]]>')).toBe('padded');
  });

  it('reads a long run of "<" with no ">" after it in linear time, as text', () => {
    // Each pattern was tried from every "<" to the end: 400 KB of "<a" took 24 s (quadratic); now about a millisecond.
    for (const unit of ['<a', '<!', '<a x="']) {
      const text = unit.repeat(400_000 / unit.length);
      const started = performance.now();
      expect(htmlToText(`<p>lead</p>${text}`)).toBe(`lead ${text}`);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    const started = performance.now();
    expect(xmlToText('&lt;a'.repeat(80_000))).toBe('<a'.repeat(80_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
