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

/** axe-core's script, which `useBrowser({ axe: true })` loads into every page of its context. */
export const axeSource = axe.source;

/** Runs axe-core inside the page (opened in a context of `useBrowser({ axe: true })`) and returns every violation. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await page.evaluate((tags) => (window as { axe?: typeof axe }).axe?.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }) ?? null, RULE_TAGS);
  if (!results) throw new Error(`no axe-core in ${page.url()}: open it in a context of useBrowser({ axe: true })`);
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
