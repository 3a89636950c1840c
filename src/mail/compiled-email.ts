import { type ComponentType, createElement } from 'react';
import { render } from '@react-email/render';
import {
  cutAtLineBreaks,
  escapeLikeReact,
  fillSkeleton,
  type HtmlSkeleton,
  joinCut,
  marker,
  parseHtmlSkeleton,
  placesVerbatim,
  sameSkeleton,
  type SlotCut,
} from './html-skeleton.ts';
import { type EmailBodies, type HtmlToTextOptions, plainTextConverter, renderOnce } from './react-email.ts';
import { readSlots, replaceSlots, type SlotPath } from './slots.ts';
import { fillText, planText, type TextPlan } from './text-skeleton.ts';

/**
 * A react-email template rendered once per shape and filled in per email, byte for byte what
 * react-email renders for the same props (the equality test holds every template in emails/ to it).
 *
 * A shape is everything but the slot values: the provider's name and labels, the locale's copy, the
 * date, how many identifiers, which values span lines or are empty. react-email renders the shape once
 * with a marker in place of each value; an email is then the skeleton with its values escaped as React
 * escapes them, and the text part the text skeleton with its values (tables converted on their own).
 * Values React would not place as plain text (a javascript: URL, say) and shapes whose output depends
 * on more than a value's place go to react-email itself, as does the first email of every shape, to
 * check the skeleton against it before the skeleton is trusted.
 */
export interface EmailTemplate<P> {
  component: ComponentType<P>;
  /** The per-email strings of the props, by path (see slots.ts). */
  slots: SlotPath[];
  htmlToTextOptions: HtmlToTextOptions;
}

export interface CompiledEmail<P> {
  render(props: P): Promise<EmailBodies>;
  /** How many emails came from a skeleton and how many from react-email itself (tests check both happen). */
  readonly stats: { filled: number; reactEmail: number };
}

interface Shape {
  html: HtmlSkeleton;
  text: TextPlan;
}

const MAX_SHAPES = 500;
/** Markers of values whose length does not matter: any length works; two lengths tell which do matter. */
const PROBE_LENGTH = 4;

export function compileEmail<P extends object>(template: EmailTemplate<P>): CompiledEmail<P> {
  const convert = plainTextConverter(template.htmlToTextOptions);
  const stats = { filled: 0, reactEmail: 0 };
  const reactEmail = (props: P) => {
    stats.reactEmail++;
    return renderOnce(createElement(template.component, props), convert);
  };
  // Slots whose length changes the output around them (a preheader padded to 150 characters), per shape.
  const lengthSensitive = new BoundedCache<Promise<Set<number> | null>>(MAX_SHAPES);
  const shapes = new BoundedCache<Promise<Shape | null>>(MAX_SHAPES);

  /** The HTML rendered with a marker for every non-empty part; `length` picks each marker's length. */
  async function skeletonWith(props: P, cuts: SlotCut[], length: (slot: number, part: string) => number): Promise<HtmlSkeleton | null> {
    const lengths: number[] = [];
    const marked = cuts.map((cut, slot) =>
      joinCut(
        cut.parts.map((part) => {
          if (part === '') return '';
          const k = lengths.push(length(slot, part)) - 1;
          return lengths[k]! < 2 ? '' : marker(k, lengths[k]!);
        }),
        cut.breaks,
      ),
    );
    if (lengths.some((l) => l < 2)) return null;
    const html = await render(createElement(template.component, replaceSlots(props, template.slots, marked)));
    return parseHtmlSkeleton(html, (k) => lengths[k] ?? -1);
  }

  /** `probed` receives the skeleton with every marker at the probe length: the shape's own when no slot is length-sensitive. */
  async function findLengthSensitive(props: P, cuts: SlotCut[], probed: (base: HtmlSkeleton) => void): Promise<Set<number> | null> {
    const base = await skeletonWith(props, cuts, () => PROBE_LENGTH);
    if (!base) return null;
    probed(base);
    const longer = await skeletonWith(props, cuts, () => PROBE_LENGTH + 1);
    const sensitive = new Set<number>();
    if (longer && sameSkeleton(base, longer)) return sensitive;
    for (let slot = 0; slot < cuts.length; slot++) {
      const one = await skeletonWith(props, cuts, (s) => (s === slot ? PROBE_LENGTH + 1 : PROBE_LENGTH));
      if (!one || !sameSkeleton(base, one)) sensitive.add(slot);
    }
    return sensitive;
  }

  async function buildShape(props: P, cuts: SlotCut[], sensitive: Set<number>, probed: HtmlSkeleton | null): Promise<Shape | null> {
    // With no length-sensitive slot the skeleton is the probe's, rendered from the same props a moment ago.
    const html = sensitive.size === 0 && probed ? probed : await skeletonWith(props, cuts, (slot, part) => (sensitive.has(slot) ? part.length : PROBE_LENGTH));
    return html && { html, text: planText(html, convert) };
  }

  function fill(shape: Shape, cuts: SlotCut[]): EmailBodies {
    const parts = cuts.flatMap((cut) => cut.parts);
    const escaped = parts.map(escapeLikeReact);
    const html = fillSkeleton(shape.html, escaped);
    const text = (shape.text.kind === 'skeleton' && fillText(shape.text, parts, escaped, convert)) || convert(html);
    return { html, text };
  }

  return {
    stats,
    async render(props) {
      const values = readSlots(props, template.slots);
      if (!values.every(placesVerbatim)) return reactEmail(props);
      const cuts = values.map(cutAtLineBreaks);

      const probeKey = shapeKey(props, template.slots, cuts, new Set());
      let probed: HtmlSkeleton | null = null;
      const sensitive = await lengthSensitive.getOrSet(probeKey, () => findLengthSensitive(props, cuts, (base) => (probed = base)));
      if (!sensitive) return reactEmail(props);
      const key = sensitive.size === 0 ? probeKey : shapeKey(props, template.slots, cuts, sensitive);

      let first: EmailBodies | null = null;
      const shape = await shapes.getOrSet(key, async () => {
        const built = await buildShape(props, cuts, sensitive, probed);
        first = await reactEmail(props);
        // Trusted only once it has given exactly what react-email gives.
        if (!built) return null;
        const filled = fill(built, cuts);
        return filled.html === first.html && filled.text === first.text ? built : null;
      });
      if (first) return first;
      if (!shape) return reactEmail(props);
      stats.filled++;
      return fill(shape, cuts);
    },
  };
}

const functionIds = new WeakMap<object, number>();
let functionCount = 0;

/**
 * The props with each slot value replaced by its form (its line breaks, which parts are empty, and the
 * length of parts whose length matters), as one string. Functions (the copy's sentences) count by identity.
 */
function shapeKey<P>(props: P, slots: SlotPath[], cuts: SlotCut[], sensitive: Set<number>): string {
  const forms = cuts.map((cut, slot) => joinCut(cut.parts.map((part) => (part === '' ? '' : sensitive.has(slot) ? `#${part.length}` : '#')), cut.breaks));
  return JSON.stringify(replaceSlots(props, slots, forms), (_, value: unknown) => {
    if (typeof value !== 'function') return value;
    if (!functionIds.has(value)) functionIds.set(value, ++functionCount);
    return `fn#${functionIds.get(value)}`;
  });
}

/** A Map that drops its oldest entry past `max`, holding each value as it is first computed. */
class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly max: number) {}

  getOrSet(key: string, compute: () => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const value = compute();
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
    return value;
  }
}
