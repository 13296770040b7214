import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

const ROOT = packageRoot();
/** The pages an operator reads; the README's deep reference lives in docs/ and points back at the README's sections. */
const PAGES = ['README.md', 'deploy/README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Fenced code holds shell comments that look like headings and text that looks like links: neither is either. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()#]/g, ' '));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2... */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm)) {
    const visible = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '');
    const slug = visible.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function brokenLinks(page: string): string[] {
  const file = join(ROOT, page);
  const broken: string[] = [];
  for (const [, target] of withoutCode(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // http(s), mailto: not this test's to reach
    const [path, anchor] = target!.split('#', 2) as [string, string | undefined];
    const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(resolved)) broken.push(`${page}: ${target} (no file ${relative(ROOT, resolved)})`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
      broken.push(`${page}: ${target} (no heading with that anchor in ${relative(ROOT, resolved)})`);
    }
  }
  return broken;
}

describe('documentation links', () => {
  it('reach a file, and a heading of it, from the README, docs/ and deploy/', () => {
    expect(PAGES.length).toBeGreaterThan(3);
    expect(PAGES.flatMap(brokenLinks)).toEqual([]);
  });

  it('name anchors as GitHub makes them', () => {
    const anchors = anchorsOf(join(ROOT, 'docs/extending.md'));
    expect(anchors).toContain('the-kernel-builders-and-one-lifecycle');
    expect(anchorsOf(join(ROOT, 'deploy/README.md'))).toContain('systemd-vps');
    // The backtest's example command has a shell comment, not a heading.
    expect([...anchorsOf(join(ROOT, 'README.md'))].filter((a) => a.startsWith('the-same-on-the-test-data'))).toEqual([]);
  });
});
