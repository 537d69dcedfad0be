import { UnavailableError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { Fact } from '../kernel/pages/labels.js';
import type { Confirmable } from '../kernel/steps/confirmation.js';
import type { ConfirmLink } from '../kernel/steps/step-link.js';
import { todayInWib } from '../kernel/time.js';
import { applicationTrackHash } from './application-links.js';
import type { ConfirmApplicationDeps, PlacementReadDeps } from './deps.js';
import { applicationRefusedEmail, type RefusalReason } from './placement-emails.js';
import { applicantFacts, applicationFieldLabels, placementSummaryFacts } from './placement-labels.js';
import type { ApplicationRecord, SubjectEvent } from './placement-records.js';
import { ApplicationRefused, overlaps } from './placement-repository.js';

/** What the confirmation page shows of an application: the placement, the applicant, and who is asked first. */
export function applicationConfirmFacts(app: ApplicationRecord, lang: Language): Fact[] {
  return [
    ...placementSummaryFacts(app.placement, lang),
    ...applicantFacts(app.data, lang, { withNip: true }),
    { label: applicationFieldLabels.supervisorName[lang], value: app.data.supervisor.name },
    { label: applicationFieldLabels.supervisorEmail[lang], value: app.data.supervisor.email },
  ];
}

/** How a confirmation page finds its application (a page only reads). */
export function applicationSubmissions(deps: Pick<PlacementReadDeps, 'placements'>): Pick<Confirmable<ApplicationRecord>, 'load' | 'createdAt'> {
  return {
    load: (subject) => (subject.type === 'application' ? deps.placements.getApplication(subject.id) : Promise.resolve(undefined)),
    createdAt: (app) => app.createdAt,
  };
}

/**
 * How an application is confirmed. The rules a submission could not check without telling a
 * stranger about someone's NIP are checked here, in the write that makes it real: one
 * application per NIP per placement (a claim), no confirmed placement on overlapping dates (the
 * ASN's record, at the version read), the placement still open. When one of them stands in the
 * way the application is refused instead, and the reason is mailed to the confirmed address.
 */
export function confirmableApplication(deps: ConfirmApplicationDeps): Confirmable<ApplicationRecord> {
  return {
    ...applicationSubmissions(deps),
    async confirm(link, app, now) {
      const at = now.toISOString();
      const subject = { type: 'application' as const, id: app.id };
      for (let attempt = 1; attempt <= 3; attempt++) {
        const asn = await deps.placements.getAsn(app.data.nip);
        if (Object.values(asn?.periods ?? {}).some((period) => overlaps(period, app.placement))) return refuse(link, app, 'overlap', at, deps);
        try {
          await deps.placements.confirmApplication({
            confirm: link,
            application: app,
            trackHash: applicationTrackHash(deps, app),
            event: {
              subject,
              key: 'submitted',
              type: 'submitted',
              at,
              actor: { role: 'applicant', name: app.data.name, email: app.data.email },
              toStatus: 'SUBMITTED',
            },
            asnVersion: asn?.version,
            today: todayInWib(now),
          });
          return 'confirmed';
        } catch (error) {
          if (!(error instanceof ApplicationRefused)) throw error;
          if (error.reason === 'duplicate' || error.reason === 'closed') return refuse(link, app, error.reason, at, deps);
          // The ASN's record changed between the overlap check and the write: check again.
        }
      }
      throw new UnavailableError(
        app.data.language === 'id' ? 'Pendaftaran sedang sibuk. Muat ulang halaman ini sebentar lagi.' : 'Applications are busy. Reload this page in a moment.',
      );
    },
    async start(app) {
      if (app.status !== 'UNCONFIRMED' && app.status !== 'SUBMITTED') return;
      try {
        const { executionArn } = await deps.workflows.applications.start(`application-${app.id}`, { applicationId: app.id });
        logger.info('application confirmed; its workflow starts', { applicationId: app.id, placementId: app.placementId, executionArn });
      } catch (error) {
        // The name is the application's own: "already exists" means an earlier press started it.
        if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      }
    },
  };
}

/** Refuses a confirmed application, once, and tells the confirmed address why (a mail that cannot go out is logged). */
async function refuse(link: ConfirmLink, app: ApplicationRecord, reason: RefusalReason, at: string, deps: ConfirmApplicationDeps): Promise<'refused'> {
  const event: SubjectEvent = {
    subject: { type: 'application', id: app.id },
    key: 'confirm:refused',
    type: 'rejected',
    at,
    actor: { role: 'system' },
    fromStatus: 'UNCONFIRMED',
    toStatus: 'REJECTED',
  };
  await deps.placements.refuseApplication(link, app, event);
  logger.info('confirmed application refused', { applicationId: app.id, placementId: app.placementId, reason });
  await deps.mailer
    .send({ to: app.data.email, ...applicationRefusedEmail({ application: app, reason }) })
    .catch((error: Error) => logger.error('could not mail why the application was refused', { applicationId: app.id, errorName: error.name }));
  return 'refused';
}
