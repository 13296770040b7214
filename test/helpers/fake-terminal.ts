/** A terminal's stream that keeps what is written to it, for a progress line to draw on. */
export function terminal(): { writes: string[]; stream: NodeJS.WriteStream } {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}
