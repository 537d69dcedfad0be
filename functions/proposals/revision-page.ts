import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { proposalFormPage } from '../../shared/proposals/proposal-pages.js';
import { showRevision } from '../../shared/proposals/revision.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from './read-deps.js';

const deps = readDeps(loadConfig());

/** GET /proposals/edit/{token} — the proposal form, filled in, with the approver's request. */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  const first = requestLanguage(req);
  const view = await showRevision(token, first, deps);
  const lang = requestLanguage(req, req.query.lang ?? view.proposal.data.language);
  return html(
    200,
    proposalFormPage({
      lang,
      mode: 'edit',
      action: `/proposals/edit/${token}`,
      values: view.proposal.data,
      proof: view.proof,
      revisionComment: view.comment,
      deadline: view.link.expiresAt,
    }),
    lang,
  );
});
