/**
 * Markup built so that text cannot reach a page or a mail unescaped by accident. The literal
 * parts of an html`…` template are markup the code wrote; every value put into one is escaped,
 * unless it is itself SafeHtml (made by html`…`, join, multiline, or, for markup the code wrote
 * elsewhere, trusted).
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe inside HTML text and quoted attributes. Private: a page puts text into html`…` instead. */
function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

const maker = Symbol('SafeHtml');

/** Markup that is safe to write into a page as it is. */
export class SafeHtml {
  readonly #markup: string;

  /** Not for use outside this module: html`…`, join, multiline and trusted make them. */
  constructor(markup: string, key: symbol) {
    if (key !== maker) throw new TypeError('SafeHtml is made by html`…` or trusted(), not by its constructor');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What a template takes: text (escaped), markup (as it is), and lists of either. Nothing renders as nothing. */
export type Content = SafeHtml | string | number | false | null | undefined | readonly Content[];

function render(value: Content): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value as string | number);
}

/** The tag: html`<p>${text}</p>`. */
export function html(strings: TemplateStringsArray, ...values: Content[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(markup, maker);
}

/** Items one after another with a separator between them, each escaped unless it is markup. */
export function join(items: readonly Content[], separator: Content): SafeHtml {
  return new SafeHtml(items.map(render).join(render(separator)), maker);
}

/** Escaped text whose line breaks are kept, for comments and summaries people wrote. */
export function multiline(text: string): SafeHtml {
  return new SafeHtml(escapeHtml(text).replace(/\r\n?|\n/g, '<br>'), maker);
}

/**
 * Markup the code itself wrote, taken as it is. Never for anything a person typed, a record
 * holds or a request carries: those go into html`…` as values and are escaped there.
 */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup, maker);
}
