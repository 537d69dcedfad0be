import { type HttpRequest, requestLanguage } from '../../shared/kernel/http/http.js';
import type { KnownLink } from '../../shared/kernel/steps/step-links.js';

/**
 * The routes that serve every workflow's links (`/decide/`, `/track/`) read the link once and
 * hand it to the workflow its subject belongs to. Unknown tokens go to either: both answer 404.
 */
export const isProposalStep = (known: KnownLink) => known.link?.kind === 'step' && known.link.subject.type === 'proposal';

/** A confirmation page is in the language its submitter chose, unless they switch (`?lang=`). */
export const confirmLanguage = (req: HttpRequest, known: KnownLink) =>
  requestLanguage(req, req.query.lang ?? (known.link?.kind === 'confirm' ? known.link.holder.language : undefined));
