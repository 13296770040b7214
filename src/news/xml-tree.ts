import { decodeEntities } from './html-text.js';

/** The object tree fast-xml-parser makes of a feed (attributes as "@_name" keys, text as "#text"), and reads of it. */
export type Node = Record<string, unknown>;
export const TEXT = '#text';
export const local = (key: string) => key.slice(key.lastIndexOf(':') + 1).toLowerCase();

export function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** A node's child keys by lower-case local name, in document order; built once per node (see children). */
const indexes = new WeakMap<object, Map<string, string[]>>();

function keysByLocalName(node: object): Map<string, string[]> {
  let index = indexes.get(node);
  if (index) return index;
  index = new Map();
  for (const key of Object.keys(node)) {
    if (key.startsWith('@_')) continue;
    const l = local(key);
    const list = index.get(l);
    if (list) list.push(key);
    else index.set(l, [key]);
  }
  indexes.set(node, index);
  return index;
}

/**
 * Children whose local name is one of `names`, exact keys before prefixed ones (`link` before `atom:link`). The keys
 * are indexed once per node: an item of 385,000 child elements was walked key by key at each of the dozen lookups.
 */
export function children(node: unknown, ...names: string[]): unknown[] {
  if (!node || typeof node !== 'object') return [];
  const out: unknown[] = [];
  const index = keysByLocalName(node);
  // Pushed one by one: spread as arguments, a feed of 150,000 items overflowed the stack and was refused whole.
  const add = (v: unknown) => {
    for (const x of asArray(v)) out.push(x);
  };
  for (const name of names) {
    const keys = index.get(name.toLowerCase()) ?? [];
    for (const key of keys) if (key === name) add((node as Node)[key]);
    for (const key of keys) if (key !== name) add((node as Node)[key]);
  }
  return out;
}

/** The raw text of a node: a string, or an element's text (attributes and child elements ignored). */
export function rawText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const t = (v as Node)[TEXT];
    if (t !== undefined) return rawText(t);
    // Bare markup inside a non-raw element: gather the text of its children.
    return Object.entries(v as Node)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, c]) => asArray(c).map(rawText).join(' '))
      .join(' ');
  }
  return '';
}

export const attr = (v: unknown, name: string): string | undefined => {
  const a = v && typeof v === 'object' ? (v as Node)[`@_${name}`] : undefined;
  return typeof a === 'string' ? decodeEntities(a) : undefined;
};

