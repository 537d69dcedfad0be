import type { Bilingual, Language } from '../i18n.js';
import { html, join, multiline } from '../pages/html.js';
import { agencyContactEmail, type Fact, fieldLabels, scopeList, siteName } from '../pages/labels.js';
import type { PartnershipRecord } from '../partnerships/partnership.js';
import { formatDate } from '../time.js';

/**
 * What every Sinergi mail is made of, whatever workflow sends it: the block model, its two
 * renderers and the texts every mail ends with. The workflows' modules only say what to write.
 */

/** A mail in its reader's language, with an HTML and a plain-text body saying the same. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/**
 * A mail is written once as blocks and rendered twice, so the HTML and the plain-text body
 * cannot drift apart. Block texts are plain; each renderer escapes for its medium.
 */
export type Block =
  | { kind: 'p'; text: string; strong?: boolean }
  | { kind: 'facts'; facts: Fact[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'link'; label: string; url: string; primary?: boolean }
  | { kind: 'note'; text: string };

/** The sign-off and the footer every mail carries. */
export const commonTexts = {
  closing: { id: 'Salam,', en: 'Kind regards,' },
  automatic: {
    id: `Email ini dikirim otomatis oleh Sinergi. Pertanyaan dapat dikirim ke ${agencyContactEmail}.`,
    en: `This email was sent automatically by Sinergi. Questions can be sent to ${agencyContactEmail}.`,
  },
} satisfies Record<string, Bilingual>;

/** Inline styles only: many mail clients drop a style sheet. */
export const styles = {
  body: 'margin:0;padding:0;background:#f4f6f8;',
  card: 'max-width:600px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1f24;',
  brand: 'margin:0 0 16px;font-weight:bold;color:#0b3d6b;',
  p: 'margin:0 0 14px;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px;',
  th: 'text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#35404b;width:38%;font-weight:bold;border-bottom:1px solid #e3e7eb;',
  td: 'vertical-align:top;padding:6px 0;border-bottom:1px solid #e3e7eb;',
  quoteLabel: 'margin:0 0 4px;font-weight:bold;',
  quote: 'margin:0 0 16px;padding:8px 12px;border-left:4px solid #9a5b00;background:#fff6e5;',
  linkLabel: 'margin:0 0 6px;',
  button: 'display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  url: 'margin:6px 0 16px;font-size:13px;color:#4a5561;word-break:break-all;',
  note: 'margin:0 0 14px;padding:8px 12px;background:#eef4fb;border-left:4px solid #0b5cad;',
  footer: 'margin:24px 0 0;font-size:13px;color:#4a5561;',
} as const;

/** The HTML body: a complete document, every text escaped, every style inline. */
export function renderHtml(lang: Language, subject: string, greeting: string, blocks: Block[]): string {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every kind of block; the compiler checks it.
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'p':
        return html`<p style="${styles.p}">${block.strong ? html`<strong>${multiline(block.text)}</strong>` : multiline(block.text)}</p>`;
      case 'note':
        return html`<p style="${styles.note}">${multiline(block.text)}</p>`;
      case 'facts':
        return html`<table role="presentation" style="${styles.table}">${block.facts.map(
          (f) => html`<tr><th scope="row" style="${styles.th}">${f.label}</th><td style="${styles.td}">${multiline(f.value)}</td></tr>`,
        )}</table>`;
      case 'quote':
        return html`<p style="${styles.quoteLabel}">${block.label}</p><blockquote style="${styles.quote}">${multiline(block.text)}</blockquote>`;
      case 'link':
        return html`<p style="${styles.linkLabel}">${block.label}:</p><p style="${styles.p}"><a href="${block.url}" style="${
          block.primary ? styles.button : ''
        }">${block.primary ? block.label : block.url}</a></p>${block.primary && html`<p style="${styles.url}">${block.url}</p>`}`;
    }
  });
  return html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="${styles.body}">
<div style="${styles.card}">
<p style="${styles.brand}">${siteName}</p>
<p style="${styles.p}">${greeting}</p>
${join(parts, '\n')}
<p style="${styles.p}">${commonTexts.closing[lang]}<br>${siteName}</p>
<p style="${styles.footer}">${commonTexts.automatic[lang]}</p>
</div>
</body>
</html>
`.toString();
}

function indent(text: string): string {
  return text.replace(/\r\n?|\n/g, '\n  ');
}

/** The plain-text body: the same blocks, with each link alone on its line. */
export function renderText(lang: Language, greeting: string, blocks: Block[]): string {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every kind of block; the compiler checks it.
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'p':
      case 'note':
        return block.text;
      case 'facts':
        return block.facts.map((f) => `${f.label}:${f.multiline ? `\n  ${indent(f.value)}` : ` ${f.value}`}`).join('\n');
      case 'quote':
        return `${block.label}:\n${block.text
          .split(/\r\n?|\n/)
          .map((line) => `> ${line}`)
          .join('\n')}`;
      case 'link':
        // Alone on its line, so every mail client makes it clickable whole.
        return `${block.label}:\n${block.url}`;
    }
  });
  return `${greeting}\n\n${parts.join('\n\n')}\n\n${commonTexts.closing[lang]}\n${siteName}\n\n-- \n${commonTexts.automatic[lang]}\n`;
}

/** A mail from its blocks, rendered both ways. */
export function mail(lang: Language, subject: string, greeting: string, blocks: Block[]): RenderedMail {
  return { subject, html: renderHtml(lang, subject, greeting, blocks), text: renderText(lang, greeting, blocks) };
}

/**
 * `[Sinergi] Prefix: title (aside)`. Subjects are one line whatever was typed into a title, so a
 * line break in it can never start a header of its own.
 */
export function subjectLine(prefix: string, title: string, aside: string): string {
  return `[Sinergi] ${prefix}: ${title} (${aside})`.replace(/\s+/g, ' ').trim();
}

/** The salutation, as a letter in each language opens. */
export function dear(name: string, lang: Language): string {
  return lang === 'id' ? `Yth. ${name},` : `Dear ${name},`;
}

/** A quoted note, or nothing when nobody wrote one. */
export function quoteIf(label: string, text: string | undefined): Block[] {
  return text ? [{ kind: 'quote', label, text }] : [];
}

/** What a partnership is: its number, its scopes and the dates it is valid between. */
export function partnershipFacts(partnership: PartnershipRecord, lang: Language): Fact[] {
  return [
    { label: fieldLabels.partnershipId[lang], value: partnership.id },
    { label: fieldLabels.scopes[lang], value: scopeList(partnership.scopes, lang) },
    { label: fieldLabels.startDate[lang], value: formatDate(partnership.startDate, lang) },
    { label: fieldLabels.endDate[lang], value: formatDate(partnership.endDate, lang) },
  ];
}
