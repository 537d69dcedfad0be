/** Sets `value` at a dotted path of `target`, making the objects on the way (never a prototype). */
export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '__proto__' || head === 'constructor' || head === 'prototype') return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  const child = next && typeof next === 'object' ? (next as Record<string, unknown>) : {};
  target[head] = child;
  setPath(child, rest, value);
}
