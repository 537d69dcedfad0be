import { loadConfig } from '../../shared/kernel/config.js';
import { baseHeaders, html, requestLanguage } from '../../shared/kernel/http/http.js';
import { defaultLanguage } from '../../shared/kernel/i18n.js';
import { projectCalendar } from '../../shared/research/calendar.js';
import { projectPage, showProjectPage } from '../../shared/research/project-page.js';
import { researchUrls } from '../../shared/research/research-links.js';
import { projectOfPageLink, projectTrackingView } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const deps = researchReadDeps(loadConfig());

/**
 * GET /projects/{token} — a member's or the lead's own project page, with its logbook; GET
 * /projects/{token}/calendar.ics — the same project's milestones as an iCalendar feed (RFC 5545)
 * to subscribe to. Both only read.
 */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  if (!req.path.endsWith('/calendar.ics')) {
    const lang = requestLanguage(req);
    const notice = req.query.notice === 'logged' ? 'logged' : undefined;
    return html(200, projectPage({ lang, view: await showProjectPage(token, lang, deps), notice }), lang);
  }
  // A calendar app sends no Accept-Language worth reading: the feed is Indonesian unless `?lang=en`.
  const lang = requestLanguage(req, req.query.lang ?? defaultLanguage);
  const { whole } = await projectOfPageLink(token, lang, deps);
  const now = deps.clock.now();
  const view = projectTrackingView(whole, now);
  const body = projectCalendar({
    projectId: view.id,
    title: view.title,
    institution: view.institution,
    projectUrl: researchUrls.project(deps.config, token),
    milestones: view.milestones,
    lang,
    now,
  });
  return {
    statusCode: 200,
    headers: { ...baseHeaders, 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="sinergi-project.ics"' },
    body,
  };
});
