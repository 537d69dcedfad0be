import type { Language } from '../i18n.js';
import { type Content, html, type SafeHtml } from './html.js';
import { agencyContactEmail, languageNames, siteName } from './labels.js';

// Pages run under a CSP that allows inline styles only: no external sheet, no script.
const style = html`*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.55;color:#1b1f24;background:#f4f6f8}
.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:1rem;z-index:1}
header.site{background:#0b3d6b;color:#fff}
header.site .wrap{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.75rem 1rem;flex-wrap:wrap}
header.site .brand{margin:0;font-weight:700}
header.site a{color:#fff}
main.wrap{background:#fff;margin:1.5rem auto;padding:1.25rem 1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
footer{color:#4a5561;font-size:.875rem;padding-bottom:2rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.75rem 0 .75rem}
a{color:#0b5cad}
:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.lead{font-size:1.075rem}
.muted{color:#4a5561}
.box{border-left:5px solid #0b5cad;background:#eef4fb;padding:.75rem 1rem;margin:1rem 0}
.box.warn{border-color:#9a5b00;background:#fff6e5}
.box.ok{border-color:#1d6b34;background:#eaf6ee}
.alert{border:3px solid #b00020;background:#fff;padding:.75rem 1rem;margin:1rem 0}
.alert h2{margin-top:0;color:#b00020}
.alert a{color:#b00020;font-weight:600}
.error{color:#b00020;font-weight:600;margin:.25rem 0}
.field{margin:1.1rem 0}
.field.invalid{border-left:4px solid #b00020;padding-left:.75rem}
label,legend{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:#4a5561;font-size:.9rem;margin:.1rem 0 .35rem}
.req{color:#8a1c1c;font-weight:400;font-size:.875rem}
.opt{color:#4a5561;font-weight:400;font-size:.875rem}
input[type=text],input[type=email],input[type=tel],input[type=date],input[type=number],select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem .6rem;border:2px solid #5a6570;border-radius:4px;background:#fff;color:inherit}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b00020}
input.short{max-width:12rem}
textarea{min-height:9rem;resize:vertical}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;align-items:center;gap:.5rem;margin:.35rem 0;font-weight:400}
.choice input{width:1.25rem;height:1.25rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.65rem 1.25rem;border:2px solid transparent;border-radius:4px;cursor:pointer;color:#fff;background:#0b5cad}
button.reject{background:#a4161a}
dl.facts{display:grid;grid-template-columns:minmax(8rem,13rem) 1fr;gap:.4rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:#35404b}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.prewrap{white-space:pre-wrap}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:999px;font-weight:700;font-size:.9rem;border:1px solid currentColor}
.badge.SUBMITTED,.badge.IN_REVIEW{color:#0b3d6b;background:#e3eefa}
.badge.REVISION_REQUESTED,.badge.UNCONFIRMED{color:#6b3f00;background:#fff1d6}
.badge.APPROVED{color:#15532a;background:#e3f4e8}
.badge.REJECTED{color:#8a1116;background:#fde8e8}
.badge.EXPIRED{color:#3b434b;background:#eceff2}
ol.history{padding-left:1.25rem}
ol.history li{margin:.75rem 0}
blockquote{margin:.4rem 0;padding:.4rem .8rem;border-left:4px solid #b8c2cc;background:#f7f9fa;white-space:pre-wrap}
@media (max-width:34rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}`;

const chrome = {
  skip: { id: 'Langsung ke isi', en: 'Skip to content' },
  languageNav: { id: 'Bahasa', en: 'Language' },
  footer: {
    id: `Sinergi — layanan kemitraan BKPSDM Kota Surakarta. Pertanyaan: ${agencyContactEmail}`,
    en: `Sinergi — the partnership service of BKPSDM Kota Surakarta. Questions: ${agencyContactEmail}`,
  },
};

/** The same page in the other language: the path with `lang` set, which a handler reads first. */
function languageSwitch(lang: Language, path: string): SafeHtml {
  const other: Language = lang === 'id' ? 'en' : 'id';
  const href = `${path}${path.includes('?') ? '&' : '?'}lang=${other}`;
  return html`<nav aria-label="${chrome.languageNav[lang]}"><a href="${href}" hreflang="${other}" lang="${other}">${languageNames[other]}</a></nav>`;
}

/**
 * A whole HTML document, as the text a handler sends. `body` is markup made with html`…` (text
 * given instead is escaped). `langSwitchPath` adds the language link; an empty string makes it
 * relative, so it leads to the current path whatever that is.
 */
export function layout(args: { lang: Language; title: string; body: Content; langSwitchPath?: string }): string {
  const { lang, title, body, langSwitchPath } = args;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} · Sinergi</title>
<style>${style}</style>
</head>
<body>
<a class="skip" href="#main">${chrome.skip[lang]}</a>
<header class="site"><div class="wrap"><p class="brand">${siteName}</p>${langSwitchPath !== undefined && languageSwitch(lang, langSwitchPath)}</div></header>
<main id="main" class="wrap">
${body}
</main>
<footer class="wrap"><p>${chrome.footer[lang]}</p></footer>
</body>
</html>
`.toString();
}
