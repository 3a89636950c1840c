import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** The offending elements, as CSS selectors. */
  targets: string[];
}

/** WCAG 2.2 A and AA, plus axe's best practices (landmarks, one h1, headings in order). */
const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core inside the page and returns every violation. The pages' CSP runs no script at all,
 * so the page must come from a context opened with `bypassCSP` (test-only; production stays strict).
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), RULE_TAGS);
  // A run that checked nothing, or could not judge the contrast, would pass for a clean page.
  const judged = [...results.passes, ...results.violations].map((r) => r.id);
  for (const rule of ['color-contrast', 'html-has-lang']) {
    if (!judged.includes(rule)) throw new Error(`axe did not judge ${rule} on ${page.url()}`);
  }
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** What the issue holds every page to: no serious or critical violation. */
export const seriousOrCritical = (findings: AxeFinding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
