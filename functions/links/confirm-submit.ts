import { html, readForm, redirect } from '../../shared/kernel/http/http.js';
import { alreadyConfirmedPage, confirmFormFields, confirmPage, refusedPage, SUBMITTER_TICKED, untickedIssue } from '../../shared/kernel/pages/confirm-pages.js';
import { type Confirmable, confirmOnce, findConfirmation } from '../../shared/kernel/steps/confirmation.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { applicationConfirmFacts, confirmableApplication } from '../../shared/placements/application-confirmation.js';
import { applicationTrackUrl } from '../../shared/placements/application-links.js';
import { applicationConfirmWords } from '../../shared/placements/placement-labels.js';
import type { ApplicationRecord } from '../../shared/placements/placement-records.js';
import { confirmableProposal, proposalConfirmFacts, proposalConfirmWords, proposalTrackUrl } from '../../shared/proposals/proposal-confirmation.js';
import type { ProposalRecord } from '../../shared/proposals/proposal-records.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { confirmApplicationDeps } from '../placements/deps.js';
import { workflowDeps } from '../proposals/workflow-deps.js';
import { confirmLanguage } from './link-workflows.js';

const config = await configWithLinkSecret();
const proposals = workflowDeps(config);
const applications = confirmApplicationDeps(config);
const deps = { store: proposals.repo, clock: proposals.clock, config };

/** What this route does for each kind of submission: how it is confirmed, shown and tracked. */
const kinds = {
  proposal: {
    route: confirmableProposal(proposals),
    words: proposalConfirmWords,
    facts: proposalConfirmFacts,
    track: (proposal: ProposalRecord) => proposalTrackUrl(proposal, proposals),
  },
  application: {
    route: confirmableApplication(applications),
    words: applicationConfirmWords,
    facts: applicationConfirmFacts,
    track: (application: ApplicationRecord) => applicationTrackUrl(applications, application),
  },
} as const;

/**
 * POST /confirm/{token} — the submitter pressed the button: the submission is confirmed (or
 * refused) exactly once, its workflow starts, and the submitter lands on its tracking page.
 */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  const known = await readLink(token, deps.store);
  const lang = confirmLanguage(req, known);
  const fields = readForm(req, lang, confirmFormFields);
  const kind = known.link?.kind === 'confirm' && known.link.subject.type === 'application' ? kinds.application : kinds.proposal;
  const route = kind.route as Confirmable<never>;
  if (fields.get('submitter') !== SUBMITTER_TICKED) {
    // Nothing ticked (a scanner pressing the first button sends only that): the page again, with its message.
    const found = await findConfirmation(token, route, lang, deps, known);
    if (found.link.state === 'USED') return html(200, alreadyConfirmedPage({ lang, link: found.link }), lang);
    const page = confirmPage({
      lang,
      link: found.link,
      words: kind.words,
      facts: kind.facts(found.subject, lang),
      proof: found.proof,
      issues: [untickedIssue(lang)],
    });
    return html(400, page, lang);
  }
  const { subject, result } = await confirmOnce(token, fields.get('proof') ?? '', { lang, headers: req.headers }, route, deps, known);
  if (result === 'refused') return html(200, refusedPage({ lang }), lang);
  return redirect(`${kind.track(subject as never)}?notice=confirmed${lang === 'en' ? '&lang=en' : ''}`);
});
