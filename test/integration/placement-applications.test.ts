import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mintLocalToken } from '../../infra/local/auth.js';
import { formatDate } from '../../shared/kernel/time.js';
import type { PlacementOffer } from '../../shared/placements/placement.schema.js';
import { aProposal, confirmationLinks, confirmLink, eventually, postJson } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import {
  act,
  anApplication,
  anInternshipPartner,
  anOffer,
  aPublishedPlacement,
  apply,
  confirmApplicationAs,
  coordinatorEmail,
  escapeRegExp,
  inboxSize,
  mailAbout,
  trackApplication,
  untilStatus,
  wibDate,
} from '../support/placements.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const authKeyFile = inject('authKeyFile');

/** The local cloud's coordinator (infra/settings.ts) and the partner contact aProposal names: the names a history records. */
const coordinatorName = 'Koordinator Kemitraan BKPSDM';
const hostName = aProposal().contact.name;

/** Far enough ahead that no internship starts, and no deadline passes, while a test runs. */
const soon = () => ({ startDate: wibDate(5), endDate: wibDate(8), applicationDeadline: wibDate(2) });

type Partner = Awaited<ReturnType<typeof anInternshipPartner>>;
type Application = Awaited<ReturnType<typeof apply>>;
type Step = 'supervisor' | 'coordinator' | 'host';
type Issue = { path: string; message: string };

const offerUrl = (partner: Pick<Partner, 'partnerUrl'>) => `${partner.partnerUrl.replace('/partners/', '/api/partners/')}/placements`;
const applyUrl = (placementId: string) => `${apiUrl}/api/placements/${placementId}/applications`;
const marker = () => Math.random().toString(36).slice(2, 10);

async function storedWith(text: string) {
  return itemsContaining(inject('dynamoEndpoint'), inject('tableName'), text);
}

/** Who is asked at each step, and the name their decision is recorded under. */
function holderOf(step: Step, { body }: Application, partner: Partner): { email: string; name: string } {
  if (step === 'supervisor') return body.supervisor;
  if (step === 'coordinator') return { email: coordinatorEmail, name: coordinatorName };
  return { email: partner.contact, name: hostName };
}

/** Waits for the request of `step` about the applicant, and decides it through its link. */
async function decide(step: Step, application: Application, partner: Partner, decision: 'approve' | 'reject', comment = ''): Promise<void> {
  const ask = await mailAbout(sesUrl, holderOf(step, application, partner).email, application.body.name);
  expect((await act(linkIn(ask, 'decide'), decision, { comment })).status, `${step} ${decision}`).toBe(200);
}

const bearer = async (groups: string[] = ['coordinators']) => `Bearer ${await mintLocalToken(authKeyFile, coordinatorEmail, { groups })}`;

function getWith(url: string, authorization?: string): Promise<Response> {
  return fetch(url, { headers: authorization === undefined ? {} : { authorization } });
}

let partner: Partner;
beforeAll(async () => {
  partner = await anInternshipPartner(apiUrl, sesUrl);
});

describe('an application rejected along the way', () => {
  let placementId: string;
  beforeAll(async () => {
    ({ id: placementId } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon()));
  });

  const steps: Step[] = ['supervisor', 'coordinator', 'host'];
  for (const [index, rejecting] of steps.entries())
    it(`ends REJECTED when the ${rejecting} rejects, tells the ASN the reason and records who decided at which step`, async () => {
      const application = await apply(apiUrl, sesUrl, placementId);
      const reason = `Jadwal kerja unit sedang padat (${marker()}).`;
      const approving = steps.slice(0, index);

      for (const step of approving) await decide(step, application, partner, 'approve');
      await decide(rejecting, application, partner, 'reject', reason);

      const news = await waitForMail(sesUrl, application.body.email, /Pengajuan magang tidak disetujui/);
      expect(news.body.text).toContain(reason);
      expect(news.body.text).toContain(`Diputuskan oleh: ${holderOf(rejecting, application, partner).name}`);
      const view = await untilStatus(application.created.trackingUrl, 'REJECTED');
      const decisions = view.history.filter((e) => e.type === 'decided');
      expect(decisions).toEqual([
        ...approving.map((step) => expect.objectContaining({ step, action: 'approve', by: { role: step, name: holderOf(step, application, partner).name } })),
        expect.objectContaining({
          step: rejecting,
          action: 'reject',
          comment: reason,
          by: { role: rejecting, name: holderOf(rejecting, application, partner).name },
        }),
      ]);
      expect(view.history.filter((e) => e.type === 'review-requested').map((e) => e.step)).toEqual(steps.slice(0, index + 1));
      expect(view.canWithdraw).toBe(false);
    });

  it('keeps a rejected offer out of the catalogue and tells the partner why', async () => {
    const offer = anOffer(soon());
    const res = await postJson(offerUrl(partner), offer);
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe('PENDING_APPROVAL');
    const reason = `Unit penerima belum memiliki pembimbing (${marker()}).`;

    const ask = await mailAbout(sesUrl, coordinatorEmail, offer.title);
    expect((await act(linkIn(ask, 'decide'), 'reject', { comment: reason })).status).toBe(200);

    const told = await mailAbout(sesUrl, partner.contact, offer.title, { subject: new RegExp(`tidak disetujui: ${escapeRegExp(offer.title)}`) });
    expect(told.body.text).toContain(reason);
    await eventually(async () => expect((await storedWith(id)).find((i) => i.entity === 'placement')).toMatchObject({ status: 'REJECTED' }));
    const catalogue = (await (await fetch(`${apiUrl}/api/placements`)).json()) as { items: { id: string }[] };
    expect(catalogue.items.map((p) => p.id)).not.toContain(id);
    expect((await postJson(applyUrl(id), anApplication())).status).toBe(404);
  });
});

describe('one application per NIP, and no two confirmed placements at once, checked at the confirmation', () => {
  const refusalSubject = /^\[Sinergi\] Pendaftaran tidak dapat diterima: /;
  const refusalPage = 'Pengajuan ini tidak dapat diterima. Rinciannya sudah kami kirim ke alamat email Anda.';

  /** The applications of a NIP as stored, and those of them a placement lists (confirmed ones only are). */
  async function applicationsOf(nip: string) {
    const all = (await storedWith(nip)).filter((i) => i.entity === 'application');
    return { all, listed: all.filter((i) => i.gsi1pk !== undefined) };
  }

  it('answers a second application of the same NIP for the same placement as any other, then refuses it at its confirmation and keeps one', async () => {
    const { id: placementId } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon());
    const { body, created } = await apply(apiUrl, sesUrl, placementId);
    const after = await inboxSize(sesUrl);

    const again = await postJson(applyUrl(placementId), { ...body, motivation: 'Mencoba sekali lagi.' });
    expect(again.status).toBe(201);
    const second = (await again.json()) as typeof created;
    expect(Object.keys(second).sort()).toEqual(Object.keys(created).sort());
    expect(second).toMatchObject({ status: 'UNCONFIRMED', trackingUrl: expect.stringMatching(/\/track\/[A-Za-z0-9_-]{43}$/) });

    const refused = await confirmApplicationAs(sesUrl, body.email, { after });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(refusalPage);
    const why = await waitForMail(sesUrl, body.email, refusalSubject, { after });
    expect(why.body.text).toContain(`NIP ${body.nip} sudah terdaftar untuk penempatan ini melalui pendaftaran lain.`);
    expect((await trackApplication(second.trackingUrl)).status).toBe('REJECTED');
    expect((await storedWith(second.id)).filter((i) => i.sk === 'EVENT#confirm:refused')).toHaveLength(1);
    expect((await trackApplication(created.trackingUrl)).status).not.toBe('REJECTED');
    const { all, listed } = await applicationsOf(body.nip);
    expect(all.map((i) => i.id).sort()).toEqual([created.id, second.id].sort());
    expect(listed.map((i) => i.id)).toEqual([created.id]);
    const claims = (await storedWith(body.nip)).filter((i) => i.pk === `PLACEMENT#${placementId}` && i.sk === `NIP#${body.nip}`);
    expect(claims).toEqual([expect.objectContaining({ applicationId: created.id })]);
  });

  it('takes two applications of the same NIP that arrive at once, and confirms only one of them when both are confirmed at once', async () => {
    const { id: placementId } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon());
    const body = anApplication();
    const answers = await Promise.all([postJson(applyUrl(placementId), body), postJson(applyUrl(placementId), body)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const created = (await Promise.all(answers.map((r) => r.json()))) as { id: string; trackingUrl: string }[];

    const links = await eventually(async () => {
      const found = await confirmationLinks(sesUrl, body.email);
      expect(found).toHaveLength(2);
      return found;
    });
    const confirmations = await Promise.all(links.map((link) => confirmLink(link)));

    expect(confirmations.map((r) => r.status).sort()).toEqual([200, 303]);
    const statuses = await Promise.all(created.map(async ({ trackingUrl }) => (await trackApplication(trackingUrl)).status));
    expect(statuses.filter((s) => s === 'REJECTED')).toHaveLength(1);
    expect((await applicationsOf(body.nip)).listed).toHaveLength(1);
    await waitForMail(sesUrl, body.email, refusalSubject);
  });

  it('refuses at its confirmation a placement whose dates overlap one the ASN is confirmed for, without naming that placement, and accepts one that does not', async () => {
    const first = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon());
    const overlapping = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, {
      startDate: wibDate(7),
      endDate: wibDate(10),
      applicationDeadline: wibDate(2),
    });
    const later = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, {
      startDate: wibDate(9),
      endDate: wibDate(11),
      applicationDeadline: wibDate(2),
    });
    const confirmed = await apply(apiUrl, sesUrl, first.id);
    for (const step of ['supervisor', 'coordinator', 'host'] as const) await decide(step, confirmed, partner, 'approve');
    await untilStatus(confirmed.created.trackingUrl, 'CONFIRMED');

    const beforeOverlap = await inboxSize(sesUrl);
    const submitted = await postJson(applyUrl(overlapping.id), { ...confirmed.body, motivation: 'Penempatan kedua.' });
    expect(submitted.status).toBe(201);
    const second = (await submitted.json()) as { id: string; status: string; trackingUrl: string };
    expect(second.status).toBe('UNCONFIRMED');
    const refused = await confirmApplicationAs(sesUrl, confirmed.body.email, { after: beforeOverlap });
    expect(refused.status).toBe(200);
    const page = await refused.text();
    expect(page).toContain(refusalPage);
    expect(page).not.toContain(first.offer.title);
    const why = await waitForMail(sesUrl, confirmed.body.email, refusalSubject, { after: beforeOverlap });
    expect(why.subject).toContain(overlapping.offer.title);
    expect(why.body.text).toContain(
      `NIP ${confirmed.body.nip} sudah memegang penempatan magang yang diterima pada tanggal yang bertumpang tindih dengan penempatan ini.`,
    );
    expect(why.body.text).not.toContain(first.offer.title);
    expect(why.body.text).not.toContain(formatDate(first.offer.startDate, 'id'));
    expect((await trackApplication(second.trackingUrl)).status).toBe('REJECTED');
    expect((await storedWith(overlapping.id)).filter((i) => i.entity === 'application' && i.gsi1pk !== undefined)).toEqual([]);
    expect((await storedWith(overlapping.id)).filter((i) => i.sk === `NIP#${confirmed.body.nip}`)).toEqual([]);
    expect((await trackApplication(confirmed.created.trackingUrl)).status).toBe('CONFIRMED');

    const beforeLater = await inboxSize(sesUrl);
    const accepted = await postJson(applyUrl(later.id), { ...confirmed.body, motivation: 'Penempatan sesudahnya.' });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
    const laterConfirmation = await confirmApplicationAs(sesUrl, confirmed.body.email, { after: beforeLater });
    expect(laterConfirmation.status).toBe(303);
    expect(laterConfirmation.headers.get('location')).toBe(`${((await accepted.json()) as { trackingUrl: string }).trackingUrl}?notice=confirmed`);
  });
});

describe('bad input to the application API', () => {
  let placementId: string;
  beforeAll(async () => {
    ({ id: placementId } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon()));
  });

  /** Sends an application that must be refused; answers its issues once it is sure nothing was stored. */
  async function refused(overrides: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Issue[]> {
    const body = anApplication(overrides);
    const res = await postJson(applyUrl(placementId), body, headers);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; issues: Issue[] };
    expect(answer.error).toBe('validation');
    expect(await storedWith(body.email)).toEqual([]);
    return answer.issues;
  }

  /** A PNS NIP whose digits 5–6, the birth month, read 13. */
  const thirteenthMonth = () => `199013012015011${String(Math.floor(Math.random() * 999) + 1).padStart(3, '0')}`;

  it('refuses a PNS NIP whose birth date does not exist, naming the birth date, in Indonesian by default', async () => {
    const nip = thirteenthMonth();
    expect(await refused({ nip })).toEqual([{ path: 'nip', message: 'Tanggal lahir 19901301 pada digit 1–8 bukan tanggal yang nyata.' }]);
  });

  it('names the birth date in English when the application is in English', async () => {
    const nip = thirteenthMonth();
    expect(await refused({ nip, language: 'en' })).toEqual([{ path: 'nip', message: 'The birth date 19901301 in digits 1–8 is not a real date.' }]);
  });

  it('answers in the language of Accept-Language when the body names none', async () => {
    const issues = await refused({ nip: thirteenthMonth(), language: undefined }, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(issues).toHaveLength(2);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'nip', message: 'The birth date 19901301 in digits 1–8 is not a real date.' },
        { path: 'language', message: 'This field is required.' },
      ]),
    );
  });

  it('reads digits 13–14 of a PPPK number as no month, so a number a PNS could not hold is accepted', async () => {
    // Appointment year 2021, then 00: not a month, which only the PNS rule asks for.
    const nip = `199001012021002${String(Math.floor(Math.random() * 999) + 1).padStart(3, '0')}`;
    expect(await refused({ nip, employmentType: 'PNS' })).toEqual([{ path: 'nip', message: 'TMT CPNS 202100 pada digit 9–14 bukan bulan yang nyata.' }]);

    const { created } = await apply(apiUrl, sesUrl, placementId, { nip, employmentType: 'PPPK' });
    expect(created.status).toBe('UNCONFIRMED');
    await untilStatus(created.trackingUrl, 'SUPERVISOR_REVIEW');
  });

  it('refuses a work unit that is not on the list', async () => {
    expect(await refused({ unit: 'Dinas Urusan Antariksa' })).toEqual([{ path: 'unit', message: 'Pilih unit kerja dari daftar.' }]);
  });
});

describe('bad input to the offer API', () => {
  /** Sends an offer that must be refused; answers its issues once it is sure nothing was stored. */
  async function refused(overrides: Partial<PlacementOffer>): Promise<Issue[]> {
    const offer = anOffer({ ...soon(), ...overrides });
    const res = await postJson(offerUrl(partner), offer);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; issues: Issue[] };
    expect(answer.error).toBe('validation');
    expect(await storedWith(offer.title)).toEqual([]);
    return answer.issues;
  }

  it('refuses 0 seats and 51 seats, naming seats', async () => {
    expect(await refused({ seats: 0 })).toEqual([{ path: 'seats', message: 'Minimal 1.' }]);
    expect(await refused({ seats: 51, language: 'en' })).toEqual([{ path: 'seats', message: 'Must be at most 50.' }]);
  });

  it('refuses dates outside the validity of the partnership, naming startDate and endDate, and an end too far ahead', async () => {
    const issues = await refused({ startDate: wibDate(400), endDate: wibDate(402) });
    expect(issues.map((i) => i.path)).toEqual(['startDate', 'endDate', 'endDate']);
    for (const issue of issues.slice(0, 2)) expect(issue.message).toMatch(/harus dalam masa berlaku kemitraan \(\d{4}-\d\d-\d\d s\.d\. \d{4}-\d\d-\d\d\)/);
    expect(issues[2]!.message).toBe('Penempatan harus berakhir paling lambat 300 hari dari hari ini.');
  });

  it('answers 404 to an offer through a partner link that does not exist', async () => {
    const offer = anOffer(soon());
    const res = await postJson(`${apiUrl}/api/partners/${'A'.repeat(43)}/placements`, offer);
    expect(res.status).toBe(404);
    expect(await storedWith(offer.title)).toEqual([]);
  });
});

describe("the coordinators' placement API", () => {
  let placementId: string;
  let year: number;
  let applications: Application[];

  beforeAll(async () => {
    const placement = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, soon());
    placementId = placement.id;
    year = Number(placement.offer.endDate.slice(0, 4));
    applications = [];
    // One after the other, so the list's order (oldest first) is known.
    for (const name of ['Sri Wahyuni, S.Kom.', 'Bambang Priyono', 'Dewi "Ayu" Lestari']) applications.push(await apply(apiUrl, sesUrl, placementId, { name }));
  });

  const listUrl = (query: Record<string, string> = {}) => `${apiUrl}/api/placements/${placementId}/applications?${new URLSearchParams(query)}`;
  const reportUrl = (query: Record<string, string>) => `${apiUrl}/api/reports/jp?${new URLSearchParams(query)}`;

  it("answers 401 without a token and 403 to a token outside the coordinators' group", async () => {
    for (const url of [listUrl(), reportUrl({ year: String(year) })]) {
      const anonymous = await getWith(url);
      expect(anonymous.status, url).toBe(401);
      expect(await anonymous.json()).toEqual({ message: 'Unauthorized' });
      const outsider = await getWith(url, await bearer([]));
      expect(outsider.status, url).toBe(403);
      expect(((await outsider.json()) as { error: string }).error).toBe('forbidden');
    }
  });

  it("lists a placement's applications, oldest first", async () => {
    const res = await getWith(listUrl(), await bearer());
    expect(res.status).toBe(200);
    const page = (await res.json()) as { placement: { id: string; seatsTaken: number }; items: { id: string }[]; nextCursor?: string };
    expect(page.placement).toMatchObject({ id: placementId, seatsTaken: 0 });
    expect(page.items.map((i) => i.id)).toEqual(applications.map((a) => a.created.id));
    expect(page.nextCursor).toBeUndefined();
    const { body } = applications[0]!;
    expect(page.items[0]).toEqual({
      id: applications[0]!.created.id,
      status: expect.stringMatching(/^(SUBMITTED|SUPERVISOR_REVIEW)$/),
      nip: body.nip,
      employmentType: 'PNS',
      name: body.name,
      email: body.email,
      unit: body.unit,
      position: body.position,
      supervisor: body.supervisor,
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('pages two at a time, with a nextCursor that leads to the third and last', async () => {
    const authorization = await bearer();
    const first = (await (await getWith(listUrl({ limit: '2' }), authorization)).json()) as { items: { id: string }[]; nextCursor?: string };
    expect(first.items.map((i) => i.id)).toEqual(applications.slice(0, 2).map((a) => a.created.id));
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);

    const second = await getWith(listUrl({ limit: '2', cursor: first.nextCursor! }), authorization);
    expect(second.status).toBe(200);
    const rest = (await second.json()) as { items: { id: string }[]; nextCursor?: string };
    expect(rest.items.map((i) => i.id)).toEqual([applications[2]!.created.id]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('reports no one whose application is not confirmed: a submission names nobody in the JP report', async () => {
    const res = await getWith(reportUrl({ year: String(year) }), await bearer());
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { nip: string }[] };
    for (const { body } of applications) expect(items.some((row) => row.nip === body.nip)).toBe(false);
  });

  describe('once the applications are confirmed', () => {
    beforeAll(async () => {
      for (const application of applications) {
        for (const step of ['supervisor', 'coordinator', 'host'] as const) await decide(step, application, partner, 'approve');
        await untilStatus(application.created.trackingUrl, 'CONFIRMED');
      }
    }, 180_000);

    it('reports a confirmed applicant with 0 JP in the year their placement ends, as JSON', async () => {
      const res = await getWith(reportUrl({ year: String(year) }), await bearer());
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { nip: string }[] };
      const { body } = applications[1]!;
      expect(items.find((row) => row.nip === body.nip)).toEqual({
        nip: body.nip,
        name: body.name,
        unit: body.unit,
        employmentType: 'PNS',
        jp: 0,
        jpBySource: { internship: 0, research: 0 },
        reachedMinimum: false,
      });

      const otherYear = (await (await getWith(reportUrl({ year: String(year - 1) }), await bearer())).json()) as { items: { nip: string }[] };
      expect(otherYear.items.some((row) => row.nip === body.nip)).toBe(false);
    });

    it('reports the year as a CSV file with a BOM, a header row and names quoted where they hold a comma or a quote', async () => {
      const res = await getWith(reportUrl({ year: String(year), format: 'csv' }), await bearer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      // Read as bytes: Response.text() would drop the byte-order mark this test is about.
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('nip,name,unit,employment_type,year,jp,jp_internship,jp_research,reached_20_jp');
      const [comma, , quote] = applications.map((a) => a.body);
      expect(lines).toContain(`${comma!.nip},"Sri Wahyuni, S.Kom.",Dinas Pendidikan,PNS,${year},0,0,0,no`);
      expect(lines).toContain(`${quote!.nip},"Dewi ""Ayu"" Lestari",Dinas Pendidikan,PNS,${year},0,0,0,no`);
    });
  });
});
