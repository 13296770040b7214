/** One benchmark figure, as printed and written to bench/results.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Target, stated as text ("<= 1.10"), when the issue sets one. */
  target?: string;
  /** Whether `value` meets `target`. */
  pass?: boolean;
  /** Comparable figures measured in the same run (e.g. a naive implementation). */
  baselines?: Record<string, { value: number; unit: string }>;
}
