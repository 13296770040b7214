/**
 * Counts the event loop's turns (one per check phase) while `work` runs: a long synchronous task leaves none, one
 * that yields every few milliseconds leaves one per yield.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let counting = true;
  const tick = () => {
    turns++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns };
  } finally {
    counting = false;
  }
}
