import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { proposalFromForm, revisionFormFields } from '../../shared/proposals/proposal-form.js';
import { proposalFormPage } from '../../shared/proposals/proposal-pages.js';
import { resubmitProposal, showRevision } from '../../shared/proposals/revision.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { workflowDeps } from './workflow-deps.js';

const deps = workflowDeps(await configWithLinkSecret());

/** POST /proposals/edit/{token} — the revised proposal: 303 to the tracking page, or the form again. */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  let lang = requestLanguage(req);
  const fields = readForm(req, lang, revisionFormFields);
  const raw = proposalFromForm(fields, ['proof']);
  lang = requestLanguage(req, typeof raw.language === 'string' ? raw.language : undefined);
  try {
    const { trackingUrl } = await resubmitProposal(token, raw, fields.get('proof') ?? '', { lang, headers: req.headers, requestId: req.requestId }, deps);
    return redirect(trackingUrl);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const view = await showRevision(token, lang, deps);
    return html(
      400,
      proposalFormPage({
        lang,
        mode: 'edit',
        action: `/proposals/edit/${token}`,
        values: raw,
        issues: error.issues,
        proof: view.proof,
        revisionComment: view.comment,
        deadline: view.link.expiresAt,
      }),
      lang,
    );
  }
});
