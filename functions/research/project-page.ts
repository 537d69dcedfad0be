import { loadConfig } from '../../shared/kernel/config.js';
import { baseHeaders, html, requestLanguage } from '../../shared/kernel/http/http.js';
import { defaultLanguage } from '../../shared/kernel/i18n.js';
import { todayInWib } from '../../shared/kernel/time.js';
import { projectCalendar } from '../../shared/research/calendar.js';
import { researchUrls } from '../../shared/research/research-links.js';
import { projectTrackingPage } from '../../shared/research/research-pages.js';
import { projectOfPageLink, projectTrackingView } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const deps = researchReadDeps(loadConfig());

/**
 * GET /projects/{token} — a member's or the lead's own project page; GET /projects/{token}/calendar.ics —
 * the same project's milestones as an iCalendar feed (RFC 5545) to subscribe to. Both only read.
 */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  const feed = req.path.endsWith('/calendar.ics');
  const lang = feed ? requestLanguage(req, req.query.lang ?? defaultLanguage) : requestLanguage(req);
  const { whole } = await projectOfPageLink(token, lang, deps);
  const now = deps.clock.now();
  const view = projectTrackingView(whole, now);
  if (!feed) return html(200, projectTrackingPage({ lang, view, today: todayInWib(now) }), lang);
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
