/**
 * RSS of at most `bytes` (by default just under feedMaxBytes' default, 5 MiB) whose every element carries dozens of attributes (an audit's hostile feed): fast-xml-parser
 * held the event loop 0.5 to 2 s on 5 MB of it.
 */
export function attributeHeavyFeed(bytes = 5 * 1024 * 1024): Buffer {
  const attrs = (n: number) => Array.from({ length: n }, (_, k) => ` a${k}="v${k}"`).join('');
  const end = '</channel></rss>';
  const parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Heavy</title>'];
  let length = parts[0]!.length + end.length;
  for (let i = 0; ; i++) {
    const item = `<item${attrs(50)}><title${attrs(20)}>Acme item ${i}</title><guid${attrs(20)}>g${i}</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>`;
    if (length + item.length > bytes) break;
    parts.push(item);
    length += item.length;
  }
  parts.push(end);
  return Buffer.from(parts.join(''));
}
