/**
 * A chief that learns, without looking ahead (off unless `chief.adaptive` is true). Each role's weight is its base
 * weight × clamp(1 + strength × ρ, floor, cap), ρ the Spearman rank correlation of the role's last `window` stances
 * with their forward returns at `horizonBars`. It only learns from returns the ForwardTracker has seen realised (the
 * bar h after the discussed one has closed), so the weights at time t depend on no return realised after t. Until a
 * role has `minScored` scored stances, its base weight stands.
 */
import { spearman } from '../core/spearman.js';

export interface AdaptiveWeightsOptions {
  horizonBars: number;
  window: number;
  minScored: number;
  /** How far ρ moves a weight: 1 + strength × ρ. */
  strength: number;
  floor: number;
  cap: number;
}

export const DEFAULT_ADAPTIVE_OPTIONS: AdaptiveWeightsOptions = Object.freeze({ horizonBars: 5, window: 200, minScored: 30, strength: 2, floor: 0.25, cap: 2 });

export class AdaptiveWeights {
  private readonly trail = new Map<string, { stances: number[]; forwards: number[] }>();

  constructor(
    private readonly base: Readonly<Record<string, number>>,
    readonly options: AdaptiveWeightsOptions = DEFAULT_ADAPTIVE_OPTIONS,
  ) {}

  /** A stance whose forward return at `horizonBars` has just been realised. */
  record(role: string, stance: number, forward: number): void {
    if (!(role in this.base) || !Number.isFinite(stance) || !Number.isFinite(forward)) return;
    let t = this.trail.get(role);
    if (!t) this.trail.set(role, (t = { stances: [], forwards: [] }));
    t.stances.push(stance);
    t.forwards.push(forward);
    if (t.stances.length > this.options.window) {
      t.stances.shift();
      t.forwards.shift();
    }
  }

  /** The weights now, in the base's order. */
  weights(): Record<string, number> {
    const o = this.options;
    const out: Record<string, number> = {};
    for (const [role, w] of Object.entries(this.base)) {
      const t = this.trail.get(role);
      const rho = t && t.stances.length >= o.minScored ? spearman(t.stances, t.forwards) : null;
      out[role] = rho === null ? w : w * Math.min(o.cap, Math.max(o.floor, 1 + o.strength * rho));
    }
    return out;
  }
}
