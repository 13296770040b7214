import type { Config } from '../config/config.js';

/**
 * Settings of the paper broker that a backtest does not use, said rather than dropped: its orders fill whole, at the
 * next bar's open (run-backtest.ts sets partialFillProbability to 0). A configuration with partial fills ran with
 * whole ones and the same figures as without, with nothing said.
 */
export function ignoredSettingsWarnings(config: Pick<Config, 'partialFillProbability'>): string[] {
  if (config.partialFillProbability <= 0) return [];
  return [`partialFillProbability ${config.partialFillProbability} is the live paper broker's; a backtest fills every order whole, at the next bar's open, so it is not used`];
}

/**
 * Roles served by an LLM in a backtest: each discussion is a request (slow, paid for, not reproducible), and a model
 * trained on later years may know what came after the bar it is shown, which no rule agent can. Said before the run.
 */
export function llmRolesWarning(config: Pick<Config, 'llmRoles'>): string | undefined {
  if (config.llmRoles.length === 0) return undefined;
  return `llmRoles ${config.llmRoles.join(', ')}: served by an LLM in this backtest, one request per discussion; its answers are not reproducible run to run, and a model trained on later years may know what followed each bar (look-ahead no rule agent has); leave llmRoles empty for a reproducible backtest`;
}

/**
 * Roles that abstained (an error, a timeout, an invalid answer) in discussions of the run: their stance was missing
 * from every verdict it touched, which only report.json's abstentions or `conclave explain` showed. An LLM role
 * whose endpoint could not be reached abstained in every discussion, and the run looked like a quiet panel.
 */
export function abstentionWarnings(signals: readonly { role: string; stance: number | null }[]): string[] {
  const byRole = new Map<string, { abstained: number; total: number }>();
  for (const s of signals) {
    if (s.role === 'chief') continue;
    const r = byRole.get(s.role) ?? { abstained: 0, total: 0 };
    r.total++;
    if (s.stance === null) r.abstained++;
    byRole.set(s.role, r);
  }
  return [...byRole].filter(([, r]) => r.abstained > 0).map(([role, r]) => `${role} abstained in ${r.abstained} of ${r.total} discussions (an error, a timeout or an invalid answer): conclave explain --store on one of its verdicts says why`);
}
