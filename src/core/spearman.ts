/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing the mean of their ranks (so
 * many equal stances, common with coarse agents, are neither favoured nor penalised). Null with fewer than two pairs
 * or when either side is constant.
 */
export function averageRanks(xs: readonly number[]): number[] {
  // A typed array sorts numerically without a comparator, several times faster than sorting indices: a long run
  // scores hundreds of thousands of stances per role. Equal values then form runs whose mean rank each takes.
  const sorted = Float64Array.from(xs).sort();
  const rankOf = new Map<number, number>();
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    // Positions i..j (0-based) hold ranks i+1..j+1; each gets their mean.
    rankOf.set(sorted[i]!, (i + j) / 2 + 1);
    i = j + 1;
  }
  return xs.map((x) => rankOf.get(x)!);
}

export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new RangeError(`spearman: ${xs.length} values against ${ys.length}`);
  return pearson(averageRanks(xs), averageRanks(ys));
}
