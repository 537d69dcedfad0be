/** Turns the fields of the proposal form into the shape of the JSON API, for one schema to judge. */
export function proposalFromForm(fields: URLSearchParams, ignore: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const optional = new Set(['institution.pddiktiCode', 'contact.phone']);
  for (const name of new Set(fields.keys())) {
    if (ignore.includes(name)) continue;
    let value: unknown = name === 'scopes' ? fields.getAll(name) : fields.get(name);
    if (optional.has(name) && value === '') continue;
    if (name === 'durationMonths' && typeof value === 'string')
      value = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : value === '' ? undefined : value;
    setPath(out, name.split('.'), value);
  }
  if (!('scopes' in out)) out.scopes = [];
  return out;
}

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
