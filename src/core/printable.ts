/**
 * Text from outside (an agent's answer, a hand-written halt reason) with its control characters as spaces, for a
 * terminal: an escape sequence or a carriage return in it would be obeyed, not shown.
 */
// eslint-disable-next-line no-control-regex
export const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
