/**
 * The per-email strings of a template's props ("slots"), named by path: `reference`, `replyUrl`,
 * `identifiers.*.value` (`*` is every element of an array). Everything else in the props is the same
 * for every email of one provider, locale and day, and so belongs to the cached skeleton.
 */
export type SlotPath = string;

/** The slot values in path order (arrays in element order). */
export function readSlots(props: unknown, paths: SlotPath[]): string[] {
  const values: string[] = [];
  for (const path of paths) visit(props, path.split('.'), (value) => void values.push(value));
  return values;
}

/** A copy of the props with every slot value replaced, in the order readSlots gives them. */
export function replaceSlots<P>(props: P, paths: SlotPath[], replacements: string[]): P {
  let i = 0;
  let copy: unknown = props;
  for (const path of paths) copy = rebuild(copy, path.split('.'), () => replacements[i++]!);
  return copy as P;
}

function visit(value: unknown, segments: string[], found: (slot: string) => void): void {
  if (segments.length === 0) {
    if (typeof value !== 'string') throw new TypeError(`a slot must be a string, not ${typeof value}`);
    return found(value);
  }
  const [head, ...rest] = segments;
  if (head === '*') {
    if (!Array.isArray(value)) throw new TypeError('a * slot segment must name an array');
    for (const element of value) visit(element, rest, found);
  } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, head!)) {
    visit((value as Record<string, unknown>)[head!], rest, found);
  }
}

function rebuild(value: unknown, segments: string[], next: () => string): unknown {
  if (segments.length === 0) return next();
  const [head, ...rest] = segments;
  if (head === '*') return (value as unknown[]).map((element) => rebuild(element, rest, next));
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, head!)) return value;
  return { ...(value as object), [head!]: rebuild((value as Record<string, unknown>)[head!], rest, next) };
}
