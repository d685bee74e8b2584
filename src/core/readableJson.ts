// JSON as people read it and tools parse it: objects indented, but an array of numbers (or
// booleans/nulls) on one line. results.json holds every fold's test predictions; with
// JSON.stringify(value, null, 2) each of those numbers took a line of its own (33 MB on
// 100,000 rows, two thirds of it indentation; 10 MB this way).
// The native serialiser does the work: flat arrays are swapped for placeholder strings, the
// tree is written indented, and each placeholder is replaced by its array written compactly.
// Same values as JSON.stringify: NaN and ±Infinity become null, undefined members are left out.

function isFlatArray(values: unknown[]): boolean {
  if (values.length === 0) return false;
  for (const value of values) {
    const type = typeof value;
    if (value !== null && type !== 'number' && type !== 'boolean') return false;
  }
  return true;
}

/** `value` as indented JSON with flat arrays on one line, ending in a newline. */
export function readableJson(value: unknown): string {
  const flat: unknown[][] = [];
  // A fresh token each call, so no string in the data can be mistaken for a placeholder.
  const token = `\u0000flat${Math.random().toString(36).slice(2)}:`;
  const withPlaceholders = JSON.stringify(value, (_key, member: unknown) => {
    if (Array.isArray(member) && isFlatArray(member)) {
      flat.push(member);
      return token + (flat.length - 1);
    }
    return member;
  }, 2);
  if (withPlaceholders === undefined) return 'null\n';
  const written = JSON.stringify(token).slice(1, -1);
  const pattern = new RegExp(`"${written.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(\\d+)"`, 'g');
  return withPlaceholders.replace(pattern, (_match, index: string) => JSON.stringify(flat[Number(index)])) + '\n';
}
