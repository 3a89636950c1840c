import { CompiledQuery } from 'kysely';
import type { Write } from './atomic.ts';

type Part = string | { value: string };
type Slot = { constant: unknown } | { value: string } | { parts: Part[] };

/**
 * The same statements for many rows, built and compiled by Kysely once instead of once per row (a
 * 5,000-row upload compiled 20,000 guarded statements: seconds). `build` is the real builder (for an
 * answer: answerWrites), called here with stand-in strings for the row's values; each row's statements
 * are then the template's with its values put where the stand-ins were, as bound values or inside a
 * bound string (the JSON of an outcome holds its date). A second build with other stand-ins must come
 * out exactly as the template predicts, or there is no template (null) and the caller builds each row.
 */
export function writeTemplate<K extends string, R extends { writes: Write[] }>(
  build: (values: Record<K, string>) => R,
  names: readonly K[],
): { fill: (values: Record<K, string>) => Write[]; shape: R } | null {
  const standIns = (round: string) => Object.fromEntries(names.map((name, i) => [name, `standin${round}x${i}x${crypto.randomUUID().replaceAll('-', '')}`])) as Record<K, string>;
  const [first, second] = [standIns('a'), standIns('b')];
  const shape = build(first);
  const nameOf = new Map(Object.entries<string>(first).map(([name, standIn]) => [standIn, name]));
  const template = shape.writes.map(({ sql, parameters }) => ({ sql, slots: parameters.map((parameter) => slotOf(parameter, nameOf)) }));
  const fill = (values: Record<K, string>): Write[] =>
    template.map(({ sql, slots }) => CompiledQuery.raw(sql, slots.map((slot) => filled(slot, values as Record<string, string>))));

  const check = build(second).writes;
  const predicted = fill(second);
  const sameStatements = check.length === predicted.length && check.every((write, i) => write.sql === predicted[i]!.sql && sameValues(write.parameters, predicted[i]!.parameters));
  const leaks = template.some(({ sql }) => [...nameOf.keys()].some((standIn) => sql.includes(standIn)));
  return sameStatements && !leaks ? { fill, shape } : null;
}

const STAND_IN = /standin[ab]x\d+x[0-9a-f]{32}/;
const STAND_INS = new RegExp(STAND_IN.source, 'g');

function slotOf(parameter: unknown, nameOf: Map<string, string>): Slot {
  if (typeof parameter !== 'string') return { constant: parameter };
  const whole = nameOf.get(parameter);
  if (whole) return { value: whole };
  if (parameter.search(STAND_IN) < 0) return { constant: parameter };
  const parts: Part[] = [];
  let last = 0;
  for (const match of parameter.matchAll(STAND_INS)) {
    const name = nameOf.get(match[0]);
    if (!name) return { constant: parameter };
    parts.push(parameter.slice(last, match.index), { value: name });
    last = match.index + match[0].length;
  }
  parts.push(parameter.slice(last));
  return { parts };
}

function filled(slot: Slot, values: Record<string, string>): unknown {
  if ('constant' in slot) return slot.constant;
  if ('value' in slot) return values[slot.value];
  // Only plain values (ids, dates) go inside another string: anything else might need escaping there.
  return slot.parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = values[part.value]!;
      if (!/^[\w:.-]*$/.test(value)) throw new Error(`write template: "${part.value}" is not plain enough to go inside a string`);
      return value;
    })
    .join('');
}

const sameValues = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => value === b[i]);
