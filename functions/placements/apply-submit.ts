import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { submitApplication } from '../../shared/placements/apply.js';
import { openPlacement } from '../../shared/placements/catalogue.js';
import { applicationFormFields, applicationFromForm } from '../../shared/placements/placement-forms.js';
import { applicationFormPage } from '../../shared/placements/placement-pages.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { applyDeps } from './deps.js';

const deps = applyDeps(await configWithLinkSecret());

/** POST /placements/{id}/apply — the form: 303 to the tracking page, or the form again with messages. */
export const handler = httpHandler('page', async (req) => {
  const id = req.pathParams.id ?? '';
  const fields = readForm(req, requestLanguage(req), applicationFormFields);
  const raw = applicationFromForm(fields);
  const lang = requestLanguage(req, typeof raw.language === 'string' ? raw.language : undefined);
  const key = fields.get('submissionKey') ?? undefined;
  const submissionKey = key && /^[\w-]{1,100}$/.test(key) ? key : undefined;
  try {
    const result = await submitApplication(
      id,
      raw,
      { lang, idempotencyKey: submissionKey && `form:${submissionKey}`, requestId: req.requestId, clientAddress: req.sourceIp },
      deps,
    );
    return redirect(result.trackingUrl);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const placement = await openPlacement(id, lang, deps);
    return html(
      400,
      applicationFormPage({ lang, placement, workUnits: deps.config.WORK_UNITS, submissionKey: submissionKey ?? '', issues: error.issues, values: raw }),
      lang,
    );
  }
});
