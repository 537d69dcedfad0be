import type { FieldIssue } from '../../shared/kernel/errors.js';
import { type HttpRequest, requestLanguage } from '../../shared/kernel/http/http.js';
import type { Language } from '../../shared/kernel/i18n.js';
import type { KnownLink } from '../../shared/kernel/steps/step-links.js';
import { extensionDecisionPage, extensionDonePage } from '../../shared/research/extension-pages.js';
import { coReviewDonePage, coReviewPage } from '../../shared/research/milestone-pages.js';
import { researchStepDonePage, researchStepPage } from '../../shared/research/research-pages.js';
import type { ResearchStepResult, showResearchStep } from '../../shared/research/research-step-links.js';

/**
 * The routes that serve every workflow's links (`/decide/`, `/track/`) read the link once and
 * hand it to the workflow its subject belongs to. Unknown tokens go to either: both answer 404.
 */
export const isProposalStep = (known: KnownLink) => known.link?.kind === 'step' && known.link.subject.type === 'proposal';

/** A confirmation page is in the language its submitter chose, unless they switch (`?lang=`). */
export const confirmLanguage = (req: HttpRequest, known: KnownLink) =>
  requestLanguage(req, req.query.lang ?? (known.link?.kind === 'confirm' ? known.link.holder.language : undefined));

/** A research step link's decision page: the co-review, extension, consent or plan-review page, by its step. */
export function researchDecisionPage(
  lang: Language,
  view: Awaited<ReturnType<typeof showResearchStep>>,
  issues?: FieldIssue[],
  values?: Record<string, string>,
): string {
  const { milestone } = view;
  if (view.link.step === 'extension' && milestone) {
    const extension = milestone.extensions[(view.link.extension ?? 0) - 1];
    if (extension) return extensionDecisionPage({ lang, view, extension, issues, values });
  }
  if (view.link.step === 'co-review' && milestone) return coReviewPage({ lang, view: { ...view, milestone }, issues, values });
  return researchStepPage({ lang, view, issues, values });
}

/** The page after a decision through a research step link. */
export function researchDonePage(lang: Language, result: ResearchStepResult): string {
  if (result.link.step === 'extension') return extensionDonePage({ lang, link: result.link, action: result.outcome.action });
  if (result.milestone) return coReviewDonePage({ lang, ...result, milestone: result.milestone });
  return researchStepDonePage({ lang, ...result });
}
