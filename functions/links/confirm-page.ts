import { loadConfig } from '../../shared/kernel/config.js';
import { html } from '../../shared/kernel/http/http.js';
import { alreadyConfirmedPage, confirmPage } from '../../shared/kernel/pages/confirm-pages.js';
import { findConfirmation } from '../../shared/kernel/steps/confirmation.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { applicationConfirmFacts, applicationSubmissions } from '../../shared/placements/application-confirmation.js';
import { applicationConfirmWords } from '../../shared/placements/placement-labels.js';
import { proposalConfirmFacts, proposalConfirmWords, proposalSubmissions } from '../../shared/proposals/proposal-confirmation.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../placements/deps.js';
import { readDeps } from '../proposals/read-deps.js';
import { confirmLanguage } from './link-workflows.js';

const config = loadConfig();
const deps = { ...readDeps(config), ...placementReadDeps(config) };
const store = { store: deps.repo, clock: deps.clock };

/** GET/HEAD /confirm/{token} — what confirming will send; it changes nothing (this function can only read). */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  // One read of the link says whose submission this is, and in which language its submitter reads.
  const known = await readLink(token, deps.repo);
  const lang = confirmLanguage(req, known);
  if (known.link?.kind === 'confirm' && known.link.subject.type === 'application') {
    const found = await findConfirmation(token, applicationSubmissions(deps), lang, store, known);
    if (found.link.state === 'USED') return html(200, alreadyConfirmedPage({ lang, link: found.link }), lang);
    const facts = applicationConfirmFacts(found.subject, lang);
    return html(200, confirmPage({ lang, link: found.link, words: applicationConfirmWords, facts, proof: found.proof }), lang);
  }
  const found = await findConfirmation(token, proposalSubmissions(deps), lang, store, known);
  if (found.link.state === 'USED') return html(200, alreadyConfirmedPage({ lang, link: found.link }), lang);
  const facts = proposalConfirmFacts(found.subject, lang);
  return html(200, confirmPage({ lang, link: found.link, words: proposalConfirmWords, facts, proof: found.proof }), lang);
});
