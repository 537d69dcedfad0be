import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { proposalFormFields, proposalFromForm } from '../../shared/proposals/proposal-form.js';
import { proposalFormPage } from '../../shared/proposals/proposal-pages.js';
import { submitProposal } from '../../shared/proposals/submit-proposal.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { submitDeps } from './submit-deps.js';

const deps = submitDeps(await configWithLinkSecret());

/** POST /proposals — the form: 303 to the tracking page, or the form again with messages. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const fields = readForm(req, lang, proposalFormFields);
  const raw = proposalFromForm(fields, ['submissionKey']);
  const key = fields.get('submissionKey') ?? undefined;
  const submissionKey = key && /^[\w-]{1,100}$/.test(key) ? key : undefined;
  const formLang = requestLanguage(req, typeof raw.language === 'string' ? raw.language : undefined);
  try {
    const result = await submitProposal(
      raw,
      { lang: formLang, idempotencyKey: submissionKey && `form:${submissionKey}`, requestId: req.requestId, clientAddress: req.sourceIp },
      deps,
    );
    return redirect(result.trackingUrl);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return html(400, proposalFormPage({ lang: formLang, mode: 'new', action: '/proposals', values: raw, issues: error.issues, submissionKey }), formLang);
  }
});
