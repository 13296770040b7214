/**
 * What a resume leaves of a flatten still under way: "resumed" alone read as if the positions asked to be closed were.
 * Those still held are managed again by their stops; an exit already sent fills all the same. One wording for
 * `conclave resume` and the cockpit's `POST /api/resume`.
 */
export interface FlattenLeft {
  /** Symbols still held. */
  positions: string[];
  /** Exit (sell) orders sent and not yet filled. */
  exits: number;
}

export function flattenLeftOf(store: { positions(): { symbol: string }[]; inFlightOrders(): { side: string }[] }): FlattenLeft {
  return { positions: store.positions().map((p) => p.symbol), exits: store.inFlightOrders().filter((o) => o.side === 'sell').length };
}

/** The clause a resume appends ("" when the flatten had left nothing). */
export function flattenLeftText(left: FlattenLeft): string {
  const held = left.positions;
  if (held.length === 0 && left.exits === 0) return '';
  const kept = held.length > 0 ? `${held.join(', ')} stay${held.length === 1 ? 's' : ''} open under ${held.length === 1 ? 'its' : 'their'} stops` : '';
  const sent = left.exits > 0 ? `${kept ? '; ' : ''}${left.exits} exit order(s) already sent still fill` : '';
  return `; the flatten asked for had not finished: ${kept}${sent} (\`conclave halt --flatten\` closes them)`;
}
