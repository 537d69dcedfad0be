import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mintLocalToken } from '../../infra/local/auth.js';
import { postJson } from '../support/api.js';
import { linkIn, mails, type StoredMail, waitForMail } from '../support/inbox.js';
import { act, anInternshipPartner, coordinatorEmail, escapeRegExp, inboxSize, mailAbout, wibDate } from '../support/placements.js';
import { aMember, aProject, aResearchPartner, propose, trackProject, untilProjectStatus } from '../support/research.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const authKeyFile = inject('authKeyFile');

/** The consent request a supervisor is sent about a project. */
const consentMail = (supervisor: string, title: string, after?: number): Promise<StoredMail> => mailAbout(sesUrl, supervisor, title, { after });

let partner: { partnerUrl: string; contact: string; institution: string };
beforeAll(async () => {
  partner = await aResearchPartner(apiUrl, sesUrl);
});

describe('a research project from the partner to ACTIVE', () => {
  it('asks every supervisor at once, then the coordinator, and sends the lead and each member their own project page', async () => {
    const members = [aMember(), aMember({ jpHours: 12 })];
    const project = aProject({ members });
    const created = await propose(partner.partnerUrl, project);
    expect(created.status).toBe('SUBMITTED');
    expect(created.trackingUrl).toMatch(/\/track\//);
    await waitForMail(sesUrl, partner.contact, new RegExp(escapeRegExp(project.title)));

    // Both supervisors are asked before either answers.
    const asks = await Promise.all(members.map((m) => consentMail(m.supervisor.email, project.title)));
    expect((await trackProject(created.trackingUrl)).status).toBe('CONSENT');
    for (const ask of asks) expect((await act(linkIn(ask, 'decide'), 'approve')).status).toBe(200);

    const review = await mailAbout(sesUrl, coordinatorEmail, project.title, { timeoutMs: 30_000 });
    expect((await trackProject(created.trackingUrl)).status).toBe('PLAN_REVIEW');
    expect((await act(linkIn(review, 'decide'), 'approve', { comment: 'Rencana baik.' })).status).toBe(200);

    const active = await untilProjectStatus(created.trackingUrl, 'ACTIVE');
    expect(active.members.map((m) => m.consent)).toEqual(['AGREED', 'AGREED']);
    expect(active.milestones.map((m) => [m.kind, m.status, m.dueDate])).toEqual(project.milestones.map((m) => [m.kind, 'PLANNED', m.dueDate]));
    expect(active.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['submitted', 'consent-requested', 'consent-given', 'review-requested', 'decided', 'approved']),
    );

    // The lead's and each member's own page: each a link of its own, each opening the project.
    const pages = await Promise.all(
      [project.lead.email, ...members.map((m) => m.email)].map((to) => mailAbout(sesUrl, to, project.title, { timeoutMs: 30_000 })),
    );
    const links = pages.map((mail) => linkIn(mail, 'projects'));
    expect(new Set(links).size).toBe(3);
    for (const link of links) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(project.milestones[0]!.title);
    }
    const feed = await fetch(`${links[1]}/calendar.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect((await feed.text()).match(/BEGIN:VEVENT/g)).toHaveLength(3);

    // The coordinators' API lists it and shows it whole.
    const token = await mintLocalToken(authKeyFile, coordinatorEmail, { groups: ['coordinators'] });
    const list = await fetch(`${apiUrl}/api/projects?status=ACTIVE&limit=100`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toContain(created.id);
    const detail = await fetch(`${apiUrl}/api/projects/${created.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(detail.status).toBe(200);
    const whole = (await detail.json()) as { members: { nip: string; consent: string }[]; milestones: unknown[] };
    expect(whole.members.map((m) => [m.nip, m.consent])).toEqual(members.map((m) => [m.nip, 'AGREED']));
    expect(whole.milestones).toHaveLength(3);
  });

  it('lets a member whose supervisor refuses leave the team, tells them why, and goes on with the others', async () => {
    const members = [aMember(), aMember()];
    const project = aProject({ members });
    const created = await propose(partner.partnerUrl, project);
    const [refusing, agreeing] = await Promise.all(members.map((m) => consentMail(m.supervisor.email, project.title)));

    // A refusal needs a reason, which the member reads.
    const bare = await act(linkIn(refusing!, 'decide'), 'reject');
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/alasan/);
    expect((await act(linkIn(refusing!, 'decide'), 'reject', { comment: 'Beban kerja bidang sedang tinggi.' })).status).toBe(200);
    expect((await act(linkIn(agreeing!, 'decide'), 'approve')).status).toBe(200);

    const told = await waitForMail(sesUrl, members[0]!.email, new RegExp(escapeRegExp(project.title)), { timeoutMs: 30_000 });
    expect(told.body.text).toContain('Beban kerja bidang sedang tinggi.');
    await mailAbout(sesUrl, coordinatorEmail, project.title, { timeoutMs: 30_000 });
    const view = await untilProjectStatus(created.trackingUrl, 'PLAN_REVIEW');
    expect(view.members.map((m) => m.consent)).toEqual(['REFUSED', 'AGREED']);
    expect(view.history.filter((e) => e.type === 'member-left').map((e) => e.member)).toEqual([1]);
  });

  it('ends REJECTED, telling the partner, when no supervisor consents', async () => {
    const project = aProject();
    const created = await propose(partner.partnerUrl, project);
    const ask = await consentMail(project.members[0]!.supervisor.email, project.title);
    const before = await inboxSize(sesUrl);
    expect((await act(linkIn(ask, 'decide'), 'reject', { comment: 'Tidak dapat dilepas tahun ini.' })).status).toBe(200);
    const rejected = await untilProjectStatus(created.trackingUrl, 'REJECTED');
    expect(rejected.members[0]!.consent).toBe('REFUSED');
    const closed = await waitForMail(sesUrl, partner.contact, new RegExp(escapeRegExp(project.title)), { after: before, timeoutMs: 30_000 });
    expect(closed.subject).toMatch(/^\[Sinergi\] Proyek penelitian tanpa anggota ASN/);
    // The coordinator is never asked about a project without members.
    expect((await mails(sesUrl)).slice(before).some((m) => m.destination.to.includes(coordinatorEmail) && m.subject.includes(project.title))).toBe(false);
  });

  it('records a decision once when a supervisor presses twice, and refuses a second decision with 409', async () => {
    const project = aProject();
    await propose(partner.partnerUrl, project);
    const link = linkIn(await consentMail(project.members[0]!.supervisor.email, project.title), 'decide');
    const page = await (await fetch(link)).text();
    const proof = /name="proof" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const presses = await Promise.all(
      [0, 1, 2].map(() =>
        fetch(link, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(apiUrl).origin },
          body: new URLSearchParams({ proof, decision: 'approve', comment: '' }),
        }),
      ),
    );
    expect(presses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });
});

describe('proposing a project', () => {
  it('answers 409 under a partnership without the research scope, and 400 naming the fields of a bad body', async () => {
    const internship = await anInternshipPartner(apiUrl, sesUrl);
    const apiOf = (url: string) => `${url.replace('/partners/', '/api/partners/')}/projects`;
    const conflict = await postJson(apiOf(internship.partnerUrl), aProject());
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { message: string }).message).toMatch(/penelitian/);

    const bad = aProject({ milestones: [{ kind: 'plan', title: 'Rencana', dueDate: wibDate(30), review: 'all' }], members: [aMember({ jpHours: 0 })] });
    const refused = await postJson(apiOf(partner.partnerUrl), bad);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { issues: { path: string }[] };
    expect(body.issues.map((e) => e.path)).toEqual(expect.arrayContaining(['milestones', 'members[0].jpHours']));
  });

  it('answers 404 for a token that is not a partner link', async () => {
    const res = await postJson(`${apiUrl}/api/partners/${'x'.repeat(43)}/projects`, aProject());
    expect(res.status).toBe(404);
  });
});
