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

    // `any` on the final report: the co-reviewer decides first; the coordinator's link then says who decided.
    expect((await sendMilestone(finalLink, { summary: 'Laporan akhir dan rekomendasi kebijakan.' })).status).toBe(200);
    const finalCoordinator = await waitForMail(sesUrl, coordinatorEmail, new RegExp(`tinjauan.*${escapeRegExp(final.title)}`, 'i'), { timeoutMs: 30_000 });
    const finalCoReviewer = await waitForMail(sesUrl, project.coReviewer.email, new RegExp(escapeRegExp(final.title)), { timeoutMs: 30_000 });
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
  });
});
