import type { AgentSignal, RiskAdvice } from '../domain/verdict.js';
import { isRecord } from '../core/is-record.js';

/** Bounds on what an agent may say, so one misbehaving agent cannot flood the audit trail. */
export const MAX_RATIONALE_LINES = 40;
export const MAX_RATIONALE_CHARS = 1000;
export const MAX_METRICS = 100;

/** Thrown by an agent whose source answered out of shape (an LLM's malformed JSON): recorded as 'invalid'. */
export class InvalidSignalError extends Error {
  override readonly name = 'InvalidSignalError';
}

export type SignalCheck = { ok: true; signal: AgentSignal } | { ok: false; reason: string };

const inRange = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;

function checkRisk(risk: unknown): { ok: true; risk: RiskAdvice } | { ok: false; reason: string } {
  if (!isRecord(risk)) return { ok: false, reason: 'risk must be an object' };
  if (typeof risk.veto !== 'boolean') return { ok: false, reason: 'risk.veto must be a boolean' };
  if (!inRange(risk.fraction, 0, 1)) return { ok: false, reason: `risk.fraction must be in [0, 1], got ${String(risk.fraction)}` };
  if (!inRange(risk.stopDistance, 0, 1) || risk.stopDistance === 0 || risk.stopDistance === 1) {
    return { ok: false, reason: `risk.stopDistance must be in (0, 1), got ${String(risk.stopDistance)}` };
  }
  return { ok: true, risk: { veto: risk.veto, fraction: risk.fraction, stopDistance: risk.stopDistance } };
}

/**
 * Checks an untrusted agent's answer and returns a clean copy (the agent keeps no reference into what is recorded).
 * Anything out of shape is rejected with the first reason found, never repaired.
 */
export function validateSignal(value: unknown): SignalCheck {
  if (!isRecord(value)) return { ok: false, reason: 'signal must be an object' };
  const { stance, confidence, rationale, metrics, risk } = value;
  if (!inRange(stance, -1, 1)) return { ok: false, reason: `stance must be a number in [-1, 1], got ${String(stance)}` };
  if (!inRange(confidence, 0, 1)) {
    return { ok: false, reason: `confidence must be a number in [0, 1], got ${String(confidence)}` };
  }
  if (!Array.isArray(rationale) || rationale.length === 0) {
    return { ok: false, reason: 'rationale must be a non-empty array of strings' };
  }
  if (rationale.length > MAX_RATIONALE_LINES) {
    return { ok: false, reason: `rationale has ${rationale.length} lines, at most ${MAX_RATIONALE_LINES} allowed` };
  }
  for (const line of rationale) {
    if (typeof line !== 'string' || line.trim() === '') return { ok: false, reason: 'rationale lines must be non-empty strings' };
    if (line.length > MAX_RATIONALE_CHARS) {
      return { ok: false, reason: `a rationale line exceeds ${MAX_RATIONALE_CHARS} characters` };
    }
  }
  if (!isRecord(metrics)) return { ok: false, reason: 'metrics must be an object of finite numbers' };
  const keys = Object.keys(metrics);
  if (keys.length > MAX_METRICS) return { ok: false, reason: `metrics has ${keys.length} entries, at most ${MAX_METRICS} allowed` };
  const cleanMetrics: Record<string, number> = {};
  for (const key of keys) {
    const v = metrics[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, reason: `metrics.${key} must be a finite number` };
    cleanMetrics[key] = v;
  }
  const signal: AgentSignal = { stance, confidence, rationale: [...(rationale as string[])], metrics: cleanMetrics };
  if (risk !== undefined) {
    const checked = checkRisk(risk);
    if (!checked.ok) return checked;
    signal.risk = checked.risk;
  }
  return { ok: true, signal };
}
