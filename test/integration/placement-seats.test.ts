import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import { eventually, postForm, proofIn } from '../support/api.js';
import { linkIn, mails, waitForMail } from '../support/inbox.js';
import {
  act,
  anInternshipPartner,
  aPublishedPlacement,
  apply,
  coordinatorEmail,
  mailAbout,
  trackApplication,
  untilStatus,
  wibDate,
  withdrawFormOn,
} from '../support/placements.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

/**
 * On the shared cloud a day lasts 30 s: a start five days ahead leaves every test here minutes
 * before the workflows begin the internships, while applications stay open until tomorrow.
 */
const laterDates = { startDate: wibDate(5), endDate: wibDate(6), applicationDeadline: wibDate(1) };
const TEST_TIMEOUT = 180_000;

const news = {
  confirmed: /^\[Sinergi\] Kursi magang dikonfirmasi:/,
  waitlisted: /^\[Sinergi\] Daftar tunggu, urutan ke-\d+:/,
  promoted: /^\[Sinergi\] Kursi tersedia — magang dikonfirmasi:/,
  withdrawn: /^\[Sinergi\] Pengajuan dibatalkan:/,
};

/** An application that the supervisor and the coordinator approved, with the host's decision link it now waits on. */
async function awaitingHost(placementId: string, title: string, host: string) {
  const { body, created } = await apply(apiUrl, sesUrl, placementId);
  const supervisorMail = await mailAbout(sesUrl, body.supervisor.email, title);
  expect((await act(linkIn(supervisorMail, 'decide'), 'approve')).status).toBe(200);
  const coordinatorMail = await mailAbout(sesUrl, coordinatorEmail, body.name);
  expect((await act(linkIn(coordinatorMail, 'decide'), 'approve')).status).toBe(200);
  const hostMail = await mailAbout(sesUrl, host, body.name);
  return { body, trackingUrl: created.trackingUrl, applicationId: created.id, hostLink: linkIn(hostMail, 'decide') };
}

/** A placement published by a new internship partner. */
async function aPlacementWith(seats: number) {
  const partner = await anInternshipPartner(apiUrl, sesUrl);
  const { id, offer } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, { seats, ...laterDates });
  return { id, title: offer.title, host: partner.contact };
}

async function seatsTaken(placementId: string): Promise<unknown> {
  const items = await itemsContaining(inject('dynamoEndpoint'), inject('tableName'), placementId);
  return items.find((i) => i.pk === `PLACEMENT#${placementId}` && i.sk === 'PLACEMENT')?.seatsTaken;
}

async function seatsLeftInCatalogue(placementId: string): Promise<number | undefined> {
  const catalogue = (await (await fetch(`${apiUrl}/api/placements`)).json()) as { items: { id: string; seatsLeft: number }[] };
  return catalogue.items.find((p) => p.id === placementId)?.seatsLeft;
}

/** How an application's workflow execution stands. The state machine is named after the stage, as the table is (infra/app.ts, infra/stateless-stack.ts). */
async function executionStatus(applicationId: string): Promise<string | undefined> {
  const sfn = new SFNClient({ endpoint: inject('sfnUrl'), region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const executionArn = `arn:aws:states:ap-southeast-3:000000000000:execution:${inject('tableName')}-application:application-${applicationId}`;
    return (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  } finally {
    sfn.destroy();
  }
}

describe('the seats of a placement', () => {
  it(
    'confirms exactly as many applications as seats when ten hosts approve at once, and waitlists the rest in order',
    async () => {
      const placement = await aPlacementWith(3);
      const applications = await Promise.all(Array.from({ length: 10 }, () => awaitingHost(placement.id, placement.title, placement.host)));
      expect(new Set(applications.map((a) => a.body.nip)).size).toBe(10);

      // Every page is opened first, so that the ten approvals land together.
      const proofs = await Promise.all(
        applications.map(async ({ hostLink }) => {
          const page = await fetch(hostLink);
          expect(page.status).toBe(200);
          return proofIn(await page.text());
        }),
      );
      const answers = await Promise.all(applications.map(({ hostLink }, i) => postForm(hostLink, { proof: proofs[i]!, decision: 'approve', comment: '' })));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));

      const views = await Promise.all(
        applications.map(({ trackingUrl }) =>
          eventually(async () => {
            const view = await trackApplication(trackingUrl);
            expect(['CONFIRMED', 'WAITLISTED']).toContain(view.status);
            return view;
          }, 60_000),
        ),
      );
      const confirmed = applications.filter((_, i) => views[i]!.status === 'CONFIRMED');
      const waitlisted = applications.filter((_, i) => views[i]!.status === 'WAITLISTED');
      expect(confirmed).toHaveLength(3);
      expect(waitlisted).toHaveLength(7);
      expect(views.filter((v) => v.status === 'CONFIRMED').map((v) => v.waitlistPosition)).toEqual([undefined, undefined, undefined]);
      expect(
        views
          .filter((v) => v.status === 'WAITLISTED')
          .map((v) => v.waitlistPosition)
          .sort((a, b) => a! - b!),
      ).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await seatsLeftInCatalogue(placement.id)).toBe(0);
      expect(await seatsTaken(placement.id)).toBe(3);

      // Each ASN hears once, of what happened to them.
      await Promise.all([
        ...confirmed.map(({ body }) => waitForMail(sesUrl, body.email, news.confirmed)),
        ...waitlisted.map(({ body }) => waitForMail(sesUrl, body.email, news.waitlisted)),
      ]);
      const inbox = await mails(sesUrl);
      const told = (email: string) =>
        inbox.filter((m) => m.destination.to.includes(email) && (news.confirmed.test(m.subject) || news.waitlisted.test(m.subject))).length;
      expect(applications.map(({ body }) => told(body.email))).toEqual(Array(10).fill(1));
    },
    TEST_TIMEOUT,
  );

  it(
    'hands the seat of a confirmed ASN who withdraws to the first on the waitlist, in the same moment',
    async () => {
      const placement = await aPlacementWith(1);
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => awaitingHost(placement.id, placement.title, placement.host)));
      expect((await act(a!.hostLink, 'approve')).status).toBe(200);
      await untilStatus(a!.trackingUrl, 'CONFIRMED');
      expect((await act(b!.hostLink, 'approve')).status).toBe(200);
      expect((await untilStatus(b!.trackingUrl, 'WAITLISTED')).waitlistPosition).toBe(1);
      expect((await act(c!.hostLink, 'approve')).status).toBe(200);
      expect((await untilStatus(c!.trackingUrl, 'WAITLISTED')).waitlistPosition).toBe(2);
      await waitForMail(sesUrl, c!.body.email, news.waitlisted);

      const form = await withdrawFormOn(a!.trackingUrl);
      const anotherPagesProof = (await withdrawFormOn(b!.trackingUrl)).proof;
      const refused = [
        await postForm(form.action, {}),
        await postForm(form.action, { proof: anotherPagesProof }),
        await postForm(form.action, { proof: form.proof }, { origin: 'https://elsewhere.example' }),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
      expect(await trackApplication(a!.trackingUrl)).toMatchObject({ status: 'CONFIRMED', canWithdraw: true });
      expect(await trackApplication(b!.trackingUrl)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      expect(await trackApplication(c!.trackingUrl)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
      expect(await seatsTaken(placement.id)).toBe(1);

      const withdrawn = await postForm(form.action, { proof: form.proof });
      expect(withdrawn.status).toBe(303);
      expect(withdrawn.headers.get('location')).toBe(`${a!.trackingUrl}?notice=withdrawn`);

      // One transaction: by the time the ASN is sent back to the page, the seat has changed hands.
      expect(await trackApplication(a!.trackingUrl)).toMatchObject({ status: 'WITHDRAWN', canWithdraw: false });
      const promoted = await trackApplication(b!.trackingUrl);
      expect(promoted.status).toBe('CONFIRMED');
      expect(promoted.waitlistPosition).toBeUndefined();
      expect(promoted.history.map((e) => e.type)).toContain('promoted');
      expect(await trackApplication(c!.trackingUrl)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      expect(await seatsTaken(placement.id)).toBe(1);
      expect(await seatsLeftInCatalogue(placement.id)).toBe(0);
      await waitForMail(sesUrl, b!.body.email, news.promoted);
      await waitForMail(sesUrl, a!.body.email, news.withdrawn);
      expect((await mails(sesUrl)).filter((m) => m.destination.to.includes(c!.body.email) && news.promoted.test(m.subject))).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'closes the decision link open when the ASN withdraws during a review, and ends the workflow there',
    async () => {
      const placement = await aPlacementWith(2);
      const { body, created } = await apply(apiUrl, sesUrl, placement.id);
      const supervisorLink = linkIn(await mailAbout(sesUrl, body.supervisor.email, placement.title), 'decide');
      await untilStatus(created.trackingUrl, 'SUPERVISOR_REVIEW');
      const supervisorPage = await fetch(supervisorLink);
      expect(supervisorPage.status).toBe(200);
      const supervisorProof = proofIn(await supervisorPage.text());

      const form = await withdrawFormOn(created.trackingUrl);
      expect((await postForm(form.action, { proof: form.proof })).status).toBe(303);

      expect((await fetch(supervisorLink)).status).toBe(410);
      const late = await postForm(supervisorLink, { proof: supervisorProof, decision: 'approve', comment: '' });
      expect(late.status).toBe(410);
      expect(await trackApplication(created.trackingUrl)).toMatchObject({ status: 'WITHDRAWN', canWithdraw: false });
      await eventually(async () => expect(await executionStatus(created.id)).toBe('SUCCEEDED'));
      expect(await trackApplication(created.trackingUrl)).toMatchObject({ status: 'WITHDRAWN' });
      const aboutApplicant = (await mails(sesUrl)).filter((m) => m.destination.to.includes(coordinatorEmail) && m.subject.includes(body.name));
      expect(aboutApplicant).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
