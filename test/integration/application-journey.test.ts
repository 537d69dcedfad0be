import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLocalToken } from '../../infra/local/auth.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { startOwnCloud } from '../support/own-cloud.js';
import { act, anInternshipPartner, aPublishedPlacement, apply, coordinatorEmail, mailAbout, untilStatus, wibDate } from '../support/placements.js';

/**
 * A whole internship needs a cloud of its own: at TIME_SCALE 86400 a day lasts a second, so
 * the start two days ahead comes within seconds, and so does the end.
 */
const TIME_SCALE = 86_400;

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startOwnCloud('journey', TIME_SCALE);
});
afterAll(async () => cloud?.stop());

describe('an internship from the form to COMPLETED', () => {
  it('runs supervisor, coordinator and host decisions, the internship, the report and the hours, and credits the JP', async () => {
    const { apiUrl, sesUrl } = cloud;
    const partner = await anInternshipPartner(apiUrl, sesUrl);
    const { id: placementId, offer } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, { jpHours: 16 });
    const { body, created } = await apply(apiUrl, sesUrl, placementId);
    expect(created.status).toBe('UNCONFIRMED');

    const supervisorMail = await mailAbout(sesUrl, body.supervisor.email, offer.title);
    expect((await act(linkIn(supervisorMail, 'decide'), 'approve')).status).toBe(200);
    const coordinatorMail = await mailAbout(sesUrl, coordinatorEmail, body.name);
    expect((await act(linkIn(coordinatorMail, 'decide'), 'approve')).status).toBe(200);
    const hostMail = await mailAbout(sesUrl, partner.contact, body.name);
    expect((await act(linkIn(hostMail, 'decide'), 'approve')).status).toBe(200);
    await waitForMail(sesUrl, body.email, /dikonfirmasi/);

    const reportMail = await waitForMail(sesUrl, body.email, /laporan/, { timeoutMs: 30_000 });
    const reportLink = linkIn(reportMail, 'reports');
    expect((await act(reportLink, 'report', { activities: 'Menyusun naskah kebijakan layanan digital.', hours: '14' })).status).toBe(200);

    const confirm = await mailAbout(sesUrl, partner.contact, body.name, { subject: /^\[Sinergi\] Mohon konfirmasi JP/ });
    expect((await act(linkIn(confirm, 'decide'), 'approve', { hours: '14' })).status).toBe(200);

    const done = await untilStatus(created.trackingUrl, 'COMPLETED', 30_000);
    expect(done.creditedHours).toBe(14);
    expect(done.history.map((e) => e.type)).toEqual(expect.arrayContaining(['submitted', 'decided', 'confirmed', 'started', 'reported', 'completed']));

    const token = await mintLocalToken(cloud.authKeyFile, coordinatorEmail, { groups: ['coordinators'] });
    const year = Number(offer.endDate.slice(0, 4));
    const report = await fetch(`${apiUrl}/api/reports/jp?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(200);
    const rows = ((await report.json()) as { items: { nip: string; jp: number }[] }).items;
    expect(rows.find((r) => r.nip === body.nip)).toMatchObject({ jp: 14 });
  });

  it('reminds the supervisor with the same link, then hands the step to the coordinator, whose decision counts', async () => {
    const { apiUrl, sesUrl } = cloud;
    const partner = await anInternshipPartner(apiUrl, sesUrl);
    const { id: placementId, offer } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, {
      startDate: wibDate(30),
      endDate: wibDate(31),
      applicationDeadline: wibDate(20),
    });
    const { body, created } = await apply(apiUrl, sesUrl, placementId);

    const asked = await mailAbout(sesUrl, body.supervisor.email, offer.title);
    const reminder = await mailAbout(sesUrl, body.supervisor.email, offer.title, { subject: /^\[Sinergi\] Pengingat/, timeoutMs: 15_000 });
    expect(linkIn(reminder, 'decide')).toBe(linkIn(asked, 'decide'));

    const escalation = await mailAbout(sesUrl, coordinatorEmail, body.name, { subject: /^\[Sinergi\] Dialihkan/, timeoutMs: 15_000 });
    expect((await fetch(linkIn(asked, 'decide'))).status).toBe(410);
    expect((await act(linkIn(escalation, 'decide'), 'approve')).status).toBe(200);

    const view = await untilStatus(created.trackingUrl, 'COORDINATOR_REVIEW', 15_000);
    expect(view.history.filter((e) => e.type === 'decided')).toEqual([
      expect.objectContaining({ step: 'supervisor', action: 'approve', by: expect.objectContaining({ name: 'Koordinator Kemitraan BKPSDM' }) }),
    ]);
  });

  it('reminds the ASN about the report with the same link, then ends an unreported application EXPIRED without JP', async () => {
    const { apiUrl, sesUrl } = cloud;
    const partner = await anInternshipPartner(apiUrl, sesUrl);
    const { id: placementId, offer } = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, {
      applicationDeadline: wibDate(0),
      startDate: wibDate(1),
      endDate: wibDate(1),
    });
    const { body, created } = await apply(apiUrl, sesUrl, placementId);
    expect((await act(linkIn(await mailAbout(sesUrl, body.supervisor.email, offer.title), 'decide'), 'approve')).status).toBe(200);
    expect((await act(linkIn(await mailAbout(sesUrl, coordinatorEmail, body.name), 'decide'), 'approve')).status).toBe(200);
    expect((await act(linkIn(await mailAbout(sesUrl, partner.contact, body.name), 'decide'), 'approve')).status).toBe(200);

    const asked = await waitForMail(sesUrl, body.email, /^\[Sinergi\] Mohon kirim laporan/, { timeoutMs: 30_000 });
    const reminder = await waitForMail(sesUrl, body.email, /^\[Sinergi\] Pengingat — mohon kirim laporan/, { timeoutMs: 30_000 });
    expect(linkIn(reminder, 'reports')).toBe(linkIn(asked, 'reports'));

    const ended = await untilStatus(created.trackingUrl, 'EXPIRED', 30_000);
    expect(ended.creditedHours).toBeUndefined();
    expect(ended.history.map((e) => e.type)).toEqual(expect.arrayContaining(['report-requested', 'reminder-sent', 'expired']));
    expect((await fetch(linkIn(asked, 'reports'))).status).toBe(410);
    expect((await waitForMail(sesUrl, body.email, /^\[Sinergi\] Pengajuan magang berakhir/)).body.text).toContain(offer.title);
  });
});
