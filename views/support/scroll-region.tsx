import type { Child } from 'hono/jsx';

/**
 * A wide table that scrolls sideways on a narrow screen. A keyboard can only scroll what it can focus
 * (WCAG 2.1.1), so the region is a named Tab stop.
 */
export function ScrollRegion(props: { label: string; children: Child }) {
  return (
    <div class="scroll" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}
