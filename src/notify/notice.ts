/** What the notifier tells an operator: one thing that happened, in words. */
export const NOTICE_KINDS = ['entry', 'exit', 'halt', 'stale', 'breaker', 'fatal', 'summary'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type Severity = 'info' | 'warning' | 'critical';

export interface Notice {
  kind: NoticeKind;
  severity: Severity;
  /** A few words: "BUY NOVA", "kill switch on". */
  title: string;
  /** The detail, one line. */
  text: string;
  /** Epoch ms on the daemon's clock. */
  at: number;
}

const MARK: Record<Severity, string> = { info: '', warning: '⚠️ ', critical: '🛑 ' };

const line = (n: Notice) => `${MARK[n.severity]}${n.title}: ${n.text}`;

/**
 * One message for a batch of notices, at most `maxLength` characters (Telegram takes 4096, Discord 2000): a burst
 * becomes one message, and what does not fit is counted rather than cut mid-line.
 */
export function formatBatch(header: string, notices: readonly Notice[], maxLength: number): string {
  if (notices.length === 1) return clip(`${header}\n${line(notices[0]!)}`, maxLength);
  const lines = [`${header}: ${notices.length} events`];
  let length = lines[0]!.length;
  for (let i = 0; i < notices.length; i++) {
    const next = `• ${line(notices[i]!)}`;
    const tail = `… and ${notices.length - i} more`;
    if (length + 1 + next.length + (i < notices.length - 1 ? 1 + tail.length : 0) > maxLength) {
      lines.push(tail);
      break;
    }
    lines.push(next);
    length += 1 + next.length;
  }
  return clip(lines.join('\n'), maxLength);
}

function clip(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const money = (n: number) => `${n >= 0 ? '+' : ''}${fmt(n)}`;
export const price = (n: number) => (Math.abs(n) >= 100 ? fmt(n, 2) : Math.abs(n) >= 1 ? fmt(n, 4) : n.toPrecision(4));
export const qty = (n: number) => String(+n.toPrecision(8));
