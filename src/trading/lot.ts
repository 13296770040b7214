/**
 * Rounding quantities to an instrument's lot or step without floating-point surprises:
 * 0.3 / 0.1 is 2.9999999999999996 in binary, and a naive floor would lose a whole step.
 */

/** Decimal places of a step such as 0.001 or 1e-8 (exponent notation included). */
export function stepDecimals(step: number): number {
  const text = step.toExponential();
  const [mantissa, exponentText] = text.split('e');
  const exponent = Number(exponentText);
  const fraction = mantissa?.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - exponent);
}

/** Largest multiple of `step` that does not exceed `qty` (beyond float noise); 0 for non-positive input. */
export function floorToStep(qty: number, step: number): number {
  if (!(qty > 0) || !Number.isFinite(qty)) return 0;
  if (!(step > 0) || !Number.isFinite(step)) return qty;
  // A relative nudge of 1e-9 step absorbs representation error without rounding a real shortfall up.
  return stepMultiple(Math.floor(qty / step + 1e-9), step);
}

/** `units` steps, to the step's decimals: 1386 × 0.001 is 1.3860000000000001 in binary, 1.386 here. */
export function stepMultiple(units: number, step: number): number {
  return Number((units * step).toFixed(Math.min(stepDecimals(step), 15)));
}
