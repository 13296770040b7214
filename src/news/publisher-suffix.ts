/**
 * A headline without its publisher's name at its end, as aggregators write them (NewsAPI's and Google News' "Apple
 * beats estimates - Reuters", or "- Reuters.com" beside the name "Reuters"): read as part of the story, the name mapped
 * every item of that publisher to a company named like it (Thomson Reuters, CNBC's Comcast). Only the publisher the
 * item names is taken off; another name after a dash is the story's.
 */
export function withoutPublisher(title: string, publisher: string | undefined): string {
  if (!publisher) return title;
  const at = title.lastIndexOf(' - ');
  if (at <= 0) return title;
  const plain = (s: string) => s.trim().toLowerCase().replace(/\.(com|net|org|co\.uk|co)$/, '');
  const tail = plain(title.slice(at + 3));
  return tail !== '' && tail === plain(publisher) ? title.slice(0, at).trimEnd() : title;
}
