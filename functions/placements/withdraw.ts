import { readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { withdraw, withdrawFormFields } from '../../shared/placements/step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { placementDeps } from './deps.js';

const deps = placementDeps(await configWithLinkSecret());

/** POST /track/{token}/withdraw — the tracking page's withdraw button: 303 back to the page. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  await withdraw(token, Object.fromEntries(readForm(req, lang, withdrawFormFields)), { lang, headers: req.headers, requestId: req.requestId }, deps);
  return redirect(`${deps.config.PUBLIC_BASE_URL}/track/${token}?notice=withdrawn${lang === 'en' ? '&lang=en' : ''}`);
});
