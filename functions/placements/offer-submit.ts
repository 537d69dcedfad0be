import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { assertSameOrigin } from '../../shared/kernel/steps/link-errors.js';
import { offerPlacement } from '../../shared/placements/offers.js';
import { offerFormFields, offerFromForm } from '../../shared/placements/placement-forms.js';
import { httpHandler } from '../lib/http-handler.js';
import { offerDeps } from './deps.js';
import { partnerPageDeps, partnerPageFor } from './partner-page.js';

const deps = { ...partnerPageDeps, workflows: offerDeps(partnerPageDeps.config).workflows };

/** POST /partners/{token}/placements — the partner page's offer form: 303 back to the page, or the page with messages. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  assertSameOrigin(req.headers, deps.config.PUBLIC_BASE_URL, lang);
  const raw = offerFromForm(readForm(req, lang, offerFormFields));
  try {
    await offerPlacement(token, raw, { lang, requestId: req.requestId }, deps);
    return redirect(`${deps.config.PUBLIC_BASE_URL}/partners/${token}?notice=offered${lang === 'en' ? '&lang=en' : ''}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return html(400, await partnerPageFor(token, lang, deps, { offer: { issues: error.issues, values: raw } }), lang);
  }
});
