import { randomUUID } from 'node:crypto';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { proposalFormPage } from '../../shared/proposals/proposal-pages.js';
import { httpHandler } from '../lib/http-handler.js';

/** GET /proposals/new — the empty proposal form. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  // A fresh key per form shown: a double click, or a retry after a lost answer, submits once.
  return html(200, proposalFormPage({ lang, mode: 'new', action: '/proposals', submissionKey: randomUUID() }), lang);
});
