/**
 * Markup built so that text cannot reach a page or a mail unescaped by accident. The literal
 * parts of an html`…` template are markup the code wrote; every value put into one is escaped,
 * unless it is itself SafeHtml (made by html`…`, join, multiline, or, for markup the code wrote
 * elsewhere, trusted).
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe inside HTML text and quoted attributes. Private: a page puts text into html`…` instead. */
const escapeHtml = (value: string | number) => String(value).replace(/[&<>"']/g, (c) => entities[c] as string);

/**
 * Markup that is safe to write into a page as it is: a string object only this module makes, so
 * that text becomes markup in no other way than through html`…` or an explicit trusted().
 */
class Markup extends String {
  /** Makes the type nominal: no other string object passes for markup. */
  declare private readonly safeHtml: true;
}
export type SafeHtml = Markup;

/** What a template takes: text (escaped), markup (as it is), and lists of either. Nothing renders as nothing. */
export type Content = SafeHtml | string | number | false | null | undefined | readonly Content[];

const render = (value: Content): string =>
  value instanceof Markup
    ? value.toString()
    : Array.isArray(value)
      ? value.map(render).join('')
      : value === undefined || value === null || value === false
        ? ''
        : escapeHtml(value as string | number);

/** The tag: html`<p>${text}</p>`. */
export const html = (strings: TemplateStringsArray, ...values: Content[]): SafeHtml =>
  new Markup(strings.reduce((markup, literal, i) => markup + render(values[i - 1]) + literal));

/** Items one after another with a separator between them, each escaped unless it is markup. */
export const join = (items: readonly Content[], separator: Content): SafeHtml => new Markup(items.map(render).join(render(separator)));

/** Escaped text whose line breaks are kept, for comments and summaries people wrote. */
export const multiline = (text: string): SafeHtml => new Markup(escapeHtml(text).replace(/\r\n?|\n/g, '<br>'));

/**
 * Markup the code itself wrote, taken as it is. Never for anything a person typed, a record
 * holds or a request carries: those go into html`…` as values and are escaped there.
 */
export const trusted = (markup: string): SafeHtml => new Markup(markup);
