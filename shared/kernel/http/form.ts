import type * as z from 'zod/mini';
import { ValidationError } from '../errors.js';
import type { Language } from '../i18n.js';

/**
 * What a form may post: its fields by their dotted names, which of them are lists, and how many
 * entries its fullest post sends. A body is read against it before anything else, so a field
 * the form does not have, a field given twice or more entries than the form posts are refused
 * with a 400 before any object is built.
 */
export interface FormFields {
  names: ReadonlySet<string>;
  lists: ReadonlySet<string>;
  /** More entries than this is no post of this form (a list's values count one each); MAX_FORM_ENTRIES when not set. */
  maxEntries?: number;
}

/** More entries than this is no post of a form that sets no `maxEntries` of its own, whatever its fields. */
export const MAX_FORM_ENTRIES = 64;

type Def = { type: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; in?: z.core.$ZodType };

/** The fields of a form that posts `schema`'s objects (dotted names for nested ones), and `extra` fields of its own. */
export function formFieldsOf(schema: z.core.$ZodType, extra: readonly string[] = []): FormFields {
  const names = new Set(extra);
  const lists = new Set<string>();
  const pending: [z.core.$ZodType, string][] = [[schema, '']];
  while (pending.length) {
    const [node, path] = pending.pop()!;
    const def = node._zod.def as Def;
    if (def.type === 'object' && def.shape) for (const [key, child] of Object.entries(def.shape)) pending.push([child, path ? `${path}.${key}` : key]);
    else if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) pending.push([def.innerType, path]);
    else if (def.type === 'pipe' && def.in) pending.push([def.in, path]);
    else {
      names.add(path);
      if (def.type === 'array') lists.add(path);
    }
  }
  return { names, lists };
}

/** A field's name as a message may quote it: short, and only printable characters. */
const quoted = (name: string) => {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
};

/**
 * Throws a 400 unless every entry of `params` is one of the form's fields, each at most once
 * unless it is a list, and there are no more entries than the form's `maxEntries`.
 */
export function checkFormFields(params: URLSearchParams, form: FormFields, lang: Language): void {
  const refuse = (id: string, en: string) => new ValidationError([{ path: '', message: lang === 'id' ? id : en }], lang);
  const most = form.maxEntries ?? MAX_FORM_ENTRIES;
  const seen = new Set<string>();
  let entries = 0;
  for (const name of params.keys()) {
    if (++entries > most) throw refuse(`Formulir ini berisi lebih dari ${most} isian.`, `This form has more than ${most} entries.`);
    if (!form.names.has(name)) throw refuse(`Formulir ini tidak memiliki isian “${quoted(name)}”.`, `This form has no field “${quoted(name)}”.`);
    if (seen.has(name) && !form.lists.has(name))
      throw refuse(`Isian “${quoted(name)}” dikirim lebih dari sekali.`, `The field “${quoted(name)}” was sent more than once.`);
    seen.add(name);
  }
}

/** Sets `value` at a dotted path of `target`, making the objects on the way (never a prototype), without recursion. */
export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.length === 0 || path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) return;
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    const child = next && typeof next === 'object' ? (next as Record<string, unknown>) : {};
    node[key] = child;
    node = child;
  }
  node[path[path.length - 1]!] = value;
}

/** The fields of a route that serves several forms: any of theirs, and as many entries as the fullest of them posts. */
export function anyFormOf(...forms: FormFields[]): FormFields {
  const limits = forms.map((f) => f.maxEntries ?? MAX_FORM_ENTRIES);
  return {
    names: new Set(forms.flatMap((f) => [...f.names])),
    lists: new Set(forms.flatMap((f) => [...f.lists])),
    ...(limits.length ? { maxEntries: Math.max(...limits) } : {}),
  };
}
