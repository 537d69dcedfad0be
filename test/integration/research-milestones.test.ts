import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLocalToken } from '../../infra/local/auth.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { eventually, postForm, proofIn } from '../support/api.js';
import { linkIn, mails, type StoredMail, waitForMail } from '../support/inbox.js';
import { startOwnCloud } from '../support/own-cloud.js';
import { coordinatorEmail, escapeRegExp, headEmail, wibDate } from '../support/placements.js';
import { aMember, anActiveProject, aProject, aResearchPartner, trackProject } from '../support/research.js';

/**
 * A milestone's cycle needs a cloud of its own: at TIME_SCALE 86400 a day lasts a second, so
 * reminders, the due date, the overdue mark and its escalation a week later come within
 * seconds, each at its own instant.
 */
const TIME_SCALE = 86_400;

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startOwnCloud('milestones', TIME_SCALE);
});
afterAll(async () => cloud?.stop());

const mailsTo = async (to: string, about: string) => (await mails(cloud.sesUrl)).filter((m) => m.destination.to.includes(to) && m.subject.includes(about));

/** Presses a decision with a comment on a decision page (approve, revise, reject). */
async function decide(link: string, decision: string, comment = ''): Promise<Response> {
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), decision, comment });
}

/** Sends a milestone from its page, as the lead would. */
async function sendMilestone(link: string, fields: Record<string, string>): Promise<Response> {
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), intent: 'submit', ...fields });
}

describe('a milestone cycle on its own dates', () => {
  it('reminds once each, marks overdue, escalates a week later, takes a late submission, runs an `all` revision round, and completes the project with JP credited once an `any` final review approves', async () => {
    const { apiUrl, sesUrl } = cloud;
    const partner = await aResearchPartner(apiUrl, sesUrl);
    const member = aMember({ jpHours: 24 });
    const project = aProject({
      members: [member],
      startDate: wibDate(1),
      endDate: wibDate(40),
      milestones: [
        { kind: 'plan', title: `Rencana ${Math.random().toString(36).slice(2, 6)}`, dueDate: wibDate(8), review: 'all' },
        { kind: 'final', title: `Akhir ${Math.random().toString(36).slice(2, 6)}`, dueDate: wibDate(30), review: 'any' },
      ],
    });
    const [plan, final] = project.milestones as [(typeof project.milestones)[0], (typeof project.milestones)[0]];
    const lead = project.lead.email;
    const active = await anActiveProject(sesUrl, partner.partnerUrl, project);
    expect(active.view.milestones).toHaveLength(2);

    // Both milestones open at once (each within its window), each with its own link to the lead.
    const opened = await waitForMail(sesUrl, lead, new RegExp(`Tahap dibuka.*${escapeRegExp(plan.title)}`), { timeoutMs: 30_000 });
    const planLink = linkIn(opened, 'milestones');
    const finalOpened = await waitForMail(sesUrl, lead, new RegExp(`Tahap dibuka.*${escapeRegExp(final.title)}`), { timeoutMs: 30_000 });
    const finalLink = linkIn(finalOpened, 'milestones');

    // The plan is due in 8 days: reminders 7, 3 and 1 days before and on the day, then overdue, then the escalation a week later.
    await waitForMail(sesUrl, headEmail, new RegExp(escapeRegExp(plan.title)), { timeoutMs: 60_000 });
    await waitForMail(sesUrl, partner.contact, new RegExp(`terlambat.*${escapeRegExp(plan.title)}`, 'i'), { timeoutMs: 10_000 });
    const reminders = (await mailsTo(lead, plan.title)).filter((m) => /Pengingat/.test(m.subject));
    expect(reminders.map((m) => m.subject.replace(/:.*/, ''))).toHaveLength(4);
    expect(new Set(reminders.map((m) => m.subject)).size).toBe(4);
    expect((await mailsTo(lead, plan.title)).filter((m) => /melewati tenggat/.test(m.subject))).toHaveLength(1);
    expect((await mailsTo(coordinatorEmail, plan.title)).filter((m) => /melewati tenggat/.test(m.subject))).toHaveLength(1);
    const overdue = await trackProject(active.trackingUrl);
    expect(overdue.milestones[0]).toMatchObject({ status: 'OPEN', overdue: true });

    // A late milestone asks for the reason, keeps what was typed, and is then taken.
    const missing = await sendMilestone(planLink, { summary: 'Rencana kerja lapangan dan instrumen survei.' });
    expect(missing.status).toBe(400);
    const page = await missing.text();
    expect(page).toContain('Rencana kerja lapangan dan instrumen survei.');
    expect(page).toMatch(/alasan/i);
    const sent = await sendMilestone(planLink, { summary: 'Rencana kerja lapangan dan instrumen survei.', lateReason: 'Izin penelitian baru terbit.' });
    expect(sent.status).toBe(200);
    // Sent once: the link now says so.
    expect((await fetch(planLink)).status).toBe(409);

    // `all`: the coordinator approves, the co-reviewer asks for a revision; once both decided it goes back with the comment.
    const coordinatorAsk = await waitForMail(sesUrl, coordinatorEmail, new RegExp(`tinjauan.*${escapeRegExp(plan.title)}`, 'i'), { timeoutMs: 30_000 });
    const coReviewerAsk = await waitForMail(sesUrl, project.coReviewer.email, new RegExp(escapeRegExp(plan.title)), { timeoutMs: 30_000 });
    expect((await decide(linkIn(coordinatorAsk, 'decide'), 'approve')).status).toBe(200);
    expect((await decide(linkIn(coReviewerAsk, 'decide'), 'revise', 'Tambahkan kerangka sampel.')).status).toBe(200);
    const back = await waitForMail(sesUrl, lead, new RegExp(`revisi.*${escapeRegExp(plan.title)}`, 'i'), { timeoutMs: 30_000 });
    expect(back.body.text).toContain('Tambahkan kerangka sampel.');
    const round2 = linkIn(back, 'milestones');
    expect(round2).not.toBe(planLink);
    expect((await sendMilestone(round2, { summary: 'Rencana dengan kerangka sampel.', lateReason: 'Revisi.' })).status).toBe(200);
    const [coordinator2, coReviewer2] = await Promise.all([
      eventually(async () => {
        const found = (await mailsTo(coordinatorEmail, plan.title)).filter((m) => /tinjauan/i.test(m.subject));
        expect(found.length).toBeGreaterThanOrEqual(2);
        return found.at(-1) as StoredMail;
      }, 30_000),
      eventually(async () => {
        const found = (await mailsTo(project.coReviewer.email, plan.title)).filter((m) => /tinjauan/i.test(m.subject));
        expect(found.length).toBeGreaterThanOrEqual(2);
        return found.at(-1) as StoredMail;
      }, 30_000),
    ]);
    expect((await decide(linkIn(coordinator2, 'decide'), 'approve')).status).toBe(200);
    expect((await decide(linkIn(coReviewer2, 'decide'), 'approve')).status).toBe(200);
    await eventually(async () => expect((await trackProject(active.trackingUrl)).milestones[0]).toMatchObject({ status: 'APPROVED', round: 2 }), 30_000);

    // The final report lists its outputs. A published work without its venue is refused, keeping what was typed.
    const summary = 'Laporan akhir dan rekomendasi kebijakan.';
    const publication = {
      'outputs[0].type': 'publication',
      'outputs[0].title': 'Kualitas layanan MPP Surakarta',
      'outputs[0].status': 'published',
      'outputs[0].link': 'https://doi.org/10.31294/mpp.2027.12',
    };
    const refused = await sendMilestone(finalLink, { summary, ...publication });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('value="Kualitas layanan MPP Surakarta"');
    expect(refusedPage).toMatch(/Luaran 1: Jurnal, prosiding atau penerbit<\/a>: Wajib diisi/);
    // A row button gives the page back with one more row of its kind, and writes nothing.
    const finalPage = await fetch(finalLink);
    const added = await postForm(finalLink, { proof: proofIn(await finalPage.text()), summary, ...publication, more: 'intellectualProperty' });
    expect(added.status).toBe(200);
    expect(await added.text()).toMatch(/name="outputs\[1\]\.type" value="intellectualProperty"/);
    expect((await trackProject(active.trackingUrl)).milestones[1]).toMatchObject({ status: 'OPEN', round: 0 });
    const outputs = {
      ...publication,
      'outputs[0].venue': 'Jurnal Administrasi Publik',
      'outputs[1].type': 'intellectualProperty',
      'outputs[1].title': 'Instrumen survei kepuasan layanan',
      'outputs[1].ipType': 'copyright',
      'outputs[1].number': 'EC00202712345',
      'outputs[1].status': 'registered',
    };

    // `any` on the final report: the co-reviewer decides first; the coordinator's link then says who decided.
    expect((await sendMilestone(finalLink, { summary, ...outputs })).status).toBe(200);
    const finalCoordinator = await waitForMail(sesUrl, coordinatorEmail, new RegExp(`tinjauan.*${escapeRegExp(final.title)}`, 'i'), { timeoutMs: 30_000 });
    const finalCoReviewer = await waitForMail(sesUrl, project.coReviewer.email, new RegExp(escapeRegExp(final.title)), { timeoutMs: 30_000 });
    expect(finalCoReviewer.body.text).toContain('Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Terbit (published) · DOI 10.31294/mpp.2027.12');
    expect((await decide(linkIn(finalCoReviewer, 'decide'), 'approve', 'Lengkap.')).status).toBe(200);
    const late = await fetch(linkIn(finalCoordinator, 'decide'));
    expect(late.status).toBe(410);
    expect(await late.text()).toContain(project.coReviewer.name);

    const done = await eventually(async () => {
      const view = await trackProject(active.trackingUrl);
      expect(view.status).toBe('COMPLETED');
      return view;
    }, 30_000);
    expect(done.milestones.map((m) => m.status)).toEqual(['APPROVED', 'APPROVED']);
    await waitForMail(sesUrl, member.email, /selesai/i, { timeoutMs: 30_000 });

    const token = await mintLocalToken(cloud.authKeyFile, coordinatorEmail, { groups: ['coordinators'] });
    const year = new Date().getUTCFullYear();
    const report = await fetch(`${apiUrl}/api/reports/jp?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(200);
    const rows = ((await report.json()) as { items: { nip: string; jp: number }[] }).items;
    expect(rows.find((r) => r.nip === member.nip)).toMatchObject({ jp: 24 });

    // The coordinators read the outputs the project lists, typed, with the milestone and round that list them.
    const detail = await fetch(`${apiUrl}/api/projects/${active.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { outputs: unknown[] }).outputs).toEqual([
      {
        type: 'publication',
        title: 'Kualitas layanan MPP Surakarta',
        venue: 'Jurnal Administrasi Publik',
        status: 'published',
        doi: '10.31294/mpp.2027.12',
        milestone: 2,
        round: 1,
      },
      {
        type: 'intellectualProperty',
        title: 'Instrumen survei kepuasan layanan',
        ipType: 'copyright',
        number: 'EC00202712345',
        status: 'registered',
        milestone: 2,
        round: 1,
      },
    ]);
  });

  it('moves a due date once the coordinator approves an extension, plans its reminders again and updates the calendar event; two reviewers pressing at once under `any` give one outcome', async () => {
    const { apiUrl, sesUrl } = cloud;
    const partner = await aResearchPartner(apiUrl, sesUrl);
    const project = aProject({
      startDate: wibDate(1),
      endDate: wibDate(60),
      milestones: [{ kind: 'final', title: `Akhir ${Math.random().toString(36).slice(2, 6)}`, dueDate: wibDate(20), review: 'any' }],
    });
    const [final] = project.milestones as [(typeof project.milestones)[0]];
    const lead = project.lead.email;
    const active = await anActiveProject(sesUrl, partner.partnerUrl, project);
    const opened = await waitForMail(sesUrl, lead, new RegExp(`Tahap dibuka.*${escapeRegExp(final.title)}`), { timeoutMs: 30_000 });
    const link = linkIn(opened, 'milestones');

    // A bad request is refused with its reasons and changes nothing.
    const asked = async (fields: Record<string, string>) => {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      return postForm(link, { proof: proofIn(await page.text()), intent: 'extension', ...fields });
    };
    const refused = await asked({ newDueDate: wibDate(70), reason: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/akhir proyek/);
    const newDueDate = wibDate(35);
    const sent = await asked({ newDueDate, reason: 'Responden survei baru tersedia bulan depan.' });
    expect(sent.status).toBe(303);

    const ask = await waitForMail(sesUrl, coordinatorEmail, new RegExp(`perpanjangan.*${escapeRegExp(final.title)}`, 'i'), { timeoutMs: 30_000 });
    expect(ask.body.text).toContain('Responden survei baru tersedia bulan depan.');
    expect((await decide(linkIn(ask, 'decide'), 'approve')).status).toBe(200);
    await waitForMail(sesUrl, lead, new RegExp(`Perpanjangan tenggat disetujui.*${escapeRegExp(final.title)}`), { timeoutMs: 30_000 });
    const moved = await eventually(async () => {
      const view = await trackProject(active.trackingUrl);
      expect(view.milestones[0]).toMatchObject({ dueDate: newDueDate, extensions: [expect.objectContaining({ status: 'APPROVED', newDueDate })] });
      return view;
    }, 30_000);
    expect(moved.history.map((e) => e.type)).toEqual(expect.arrayContaining(['extension-requested', 'extension-approved']));

    // The member's calendar: the same event, moved, one SEQUENCE higher.
    const memberPage = await waitForMail(sesUrl, project.members[0]!.email, new RegExp(escapeRegExp(project.title)), { timeoutMs: 30_000 });
    const feed = await (await fetch(`${linkIn(memberPage, 'projects')}/calendar.ics`)).text();
    const calendar = new ICAL.Component(ICAL.parse(feed));
    const [event] = calendar.getAllSubcomponents('vevent');
    expect(event!.getFirstPropertyValue('sequence')).toBe(1);
    expect(String(event!.getFirstPropertyValue('dtstart'))).toBe(newDueDate);

    // The reminders follow the new date: the one on the due date comes for it.
    await waitForMail(sesUrl, lead, new RegExp(`Pengingat — tenggat tahap hari ini.*${escapeRegExp(final.title)}`), { timeoutMs: 60_000 });
    const reminders = (await mailsTo(lead, final.title)).filter((m) => /Pengingat/.test(m.subject));
    expect(new Set(reminders.map((m) => m.subject)).size).toBe(reminders.length);

    // A second request, and the milestone sent before the coordinator decides it: the request ends as moot at once (not at the
    // coordinator's reminder three days on) and the review starts.
    const second = await asked({ newDueDate: wibDate(50), reason: 'Analisis data membutuhkan waktu tambahan.' });
    expect(second.status).toBe(303);
    await eventually(async () => {
      const asks = (await mailsTo(coordinatorEmail, final.title)).filter((m) => /perpanjangan/i.test(m.subject));
      expect(asks.length).toBeGreaterThanOrEqual(2);
    }, 30_000);
    // `any`: both reviewers press at the same instant; one decision decides, the other is refused.
    expect((await sendMilestone(link, { summary: 'Laporan akhir.', lateReason: 'Menunggu keputusan perpanjangan.' })).status).toBe(200);
    const mooted = await eventually(async () => {
      const view = await trackProject(active.trackingUrl);
      expect(view.milestones[0]!.extensions[1]).toMatchObject({ status: 'REFUSED' });
      return view;
    }, 30_000);
    const at = (type: string) => Date.parse(mooted.history.filter((e) => e.type === type).at(-1)!.at);
    // The functions' clock is real time (only the waits are scaled): the coordinator's reminder would come 3 s after the request.
    expect(at('extension-refused') - at('milestone-submitted')).toBeLessThan(1500);
    const [toCoordinator, toCoReviewer] = await Promise.all([
      waitForMail(sesUrl, coordinatorEmail, new RegExp(`tinjauan.*${escapeRegExp(final.title)}`, 'i'), { timeoutMs: 30_000 }),
      waitForMail(sesUrl, project.coReviewer.email, new RegExp(escapeRegExp(final.title)), { timeoutMs: 30_000 }),
    ]);
    const pages = await Promise.all(
      [toCoordinator, toCoReviewer].map(async (m) => ({ link: linkIn(m, 'decide'), proof: proofIn(await (await fetch(linkIn(m, 'decide'))).text()) })),
    );
    const presses = await Promise.all(pages.map((p) => postForm(p.link, { proof: p.proof, decision: 'approve', comment: '' })));
    expect(presses.map((r) => r.status).sort()).toEqual([200, 410].sort());
    const done = await eventually(async () => {
      const view = await trackProject(active.trackingUrl);
      expect(view.status).toBe('COMPLETED');
      return view;
    }, 30_000);
    expect(done.milestones[0]!.reviews.filter((r) => r.action === 'approve')).toHaveLength(1);
  });
});
