/** One field of a program definition that differs between two versions; null where it is absent. */
export interface FieldChange {
  /** The field's path in the program file, as validation errors name it (`levers.0.rates.1.rate`). */
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isListOfRecords = (value: unknown) => Array.isArray(value) && value.some(isRecord);

/**
 * The fields that differ from one definition to the next: objects and lists of objects (levers,
 * rates) field by field, anything else (a name, a list of partner types) as one value. Fields come
 * in `order` (stored JSON keeps no order of its own), unknown ones after it.
 */
export function changedFields(before: unknown, after: unknown, order: readonly string[] = [], path = ''): FieldChange[] {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isRecord(before) && isRecord(after)) {
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return keys.flatMap((key) => changedFields(before[key], after[key], order, at(key)));
  }
  if (isListOfRecords(before) && isListOfRecords(after)) {
    const a = before as unknown[];
    const b = after as unknown[];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => changedFields(a[i], b[i], order, at(i))).flat();
  }
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  return [{ field: path, before: before ?? null, after: after ?? null }];
}
