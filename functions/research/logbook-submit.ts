import { loadConfig } from '../../shared/kernel/config.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { logbookFormFields } from '../../shared/research/logbook.js';
import { projectPage, showProjectPage, submitLogbookEntry } from '../../shared/research/project-page.js';
import { researchUrls } from '../../shared/research/research-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const config = loadConfig();
const deps = researchReadDeps(config);

/**
 * POST /projects/{token}/logbook — the logbook form of a member's or the lead's project page:
 * the entry is added and the page shown again (303, with a word that it was saved), or the page
 * comes back (400) with each field's message and everything typed.
 */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  let fields: Record<string, string> = {};
  try {
    fields = Object.fromEntries(readForm(req, lang, logbookFormFields));
    await submitLogbookEntry(token, fields, { lang, headers: req.headers }, deps);
    return redirect(`${researchUrls.project(config, token)}?notice=logged${lang === 'en' ? '&lang=en' : ''}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return html(400, projectPage({ lang, view: await showProjectPage(token, lang, deps), issues: error.issues, values: fields }), lang);
  }
});
