/**
 * Keys written twice in one object of a JSON text (JSON.parse keeps the last without a word). For a configuration
 * file that is a silent surprise: "riskPerTrade" set at the top and again further down takes the second. Returns
 * each repeat as its dotted path and the lines of both, in order; the text must already be valid JSON.
 */
export interface DuplicateKey {
  path: string;
  firstLine: number;
  line: number;
}

interface Frame {
  object: boolean;
  path: string;
  keys: Map<string, number>;
  /** Inside an object: the next string is a key. */
  expectKey: boolean;
  /** The latest key, the path of a value nested under it. */
  key: string;
}

export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let line = 1;
  const childPath = () => {
    const top = stack.at(-1);
    if (!top) return '';
    return top.object ? (top.path ? `${top.path}.${top.key}` : top.key) : top.path;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '{' || c === '[') stack.push({ object: c === '{', path: childPath(), keys: new Map(), expectKey: c === '{', key: '' });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top?.object) top.expectKey = true;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) found.push({ path: top.path ? `${top.path}.${key}` : key, firstLine: first, line });
        else top.keys.set(key, line);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    }
  }
  return found;
}
