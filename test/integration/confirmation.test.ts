import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  aProposal,
  confirmationMail,
  confirmLink,
  eventually,
  postForm,
  postJson,
  proofIn,
  type Submitted,
  submitProposalConfirmed,
  track,
} from '../support/api.js';
import { linkIn, mails, type StoredMail, waitForMail } from '../support/inbox.js';
import {
  anApplication,
  anInternshipPartner,
  aPublishedPlacement,
  coordinatorEmail,
  escapeRegExp,
  inboxSize,
  trackApplication,
  untilStatus,
  wibDate,
} from '../support/placements.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const dynamoEndpoint = inject('dynamoEndpoint');
const tableName = inject('tableName');
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
afterAll(() => db.destroy());

const DAY_S = 86_400;
const marker = () => Math.random().toString(36).slice(2, 10);
/** What the page says when the box was not ticked, and when a confirmed application had to be refused. */
const untickedMessage = 'Centang kotak konfirmasi bila Anda sendiri yang membuat pengajuan ini.';
const refusedMessage = 'Pengajuan ini tidak dapat diterima. Rinciannya sudah kami kirim ke alamat email Anda.';
const refusalSubject = /^\[Sinergi\] Pendaftaran tidak dapat diterima: /;

type Item = Record<string, unknown>;

/** Every item that names a submission (its record, its links, its events), in a stable order. */
async function itemsOf(id: string): Promise<Item[]> {
  const items = await itemsContaining(dynamoEndpoint, tableName, id);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/** A submission's own record, its tracking link and its confirmation link, as stored. */
async function partsOf(id: string): Promise<{ subject?: Item; track?: Item; confirm?: Item; events: Item[] }> {
  const items = await itemsOf(id);
  return {
    subject: items.find((i) => i.entity === 'proposal' || i.entity === 'application'),
    track: items.find((i) => String(i.pk).startsWith('LINK#') && i.kind === 'track'),
    confirm: items.find((i) => String(i.pk).startsWith('LINK#') && i.kind === 'confirm'),
    events: items.filter((i) => String(i.sk).startsWith('EVENT#')),
  };
}

/** The mails sent after the first `after` that mention any of `texts`, in their subject or either body. */
async function mailsMentioning(after: number, ...texts: string[]): Promise<StoredMail[]> {
  return (await mails(sesUrl)).slice(after).filter((m) => texts.some((t) => `${m.subject}\n${m.body.text ?? ''}\n${m.body.html ?? ''}`.includes(t)));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for a workflow started by mistake to have mailed its first approver on the shared cloud. */
const WORKFLOW_WOULD_HAVE_MAILED_MS = 3_000;

/** Submits a proposal through the JSON API and waits for its confirmation mail; confirms nothing. */
async function aPendingProposal() {
  const tag = marker();
  const proposal = aProposal({ summary: `Ringkasan yang hanya pengusul ketik ${tag}.`, institution: { name: `Universitas Uji ${tag}`, type: 'university' } });
  const after = await inboxSize(sesUrl);
  const res = await postJson(`${apiUrl}/api/proposals`, proposal);
  expect(res.status, await res.clone().text()).toBe(201);
  const submitted = (await res.json()) as Submitted;
  const mail = await confirmationMail(sesUrl, proposal.contact.email, proposal.title);
  return { proposal, submitted, mail, link: linkIn(mail, 'confirm'), after };
}

/** The confirmation page's anti-forgery value. */
async function proofOf(link: string): Promise<string> {
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return proofIn(await page.text());
}

/** Moves a pending submission's window back by two days, as if it had waited that long: what DynamoDB's TTL would remove within days. */
async function lapse(id: string): Promise<void> {
  const twoDaysAgo = new Date(Date.now() - 2 * DAY_S * 1000);
  const { subject, confirm } = await partsOf(id);
  for (const item of [subject!, confirm!]) {
    const fields: Record<string, string> = { createdAt: twoDaysAgo.toISOString() };
    if (item === confirm) fields.expiresAt = new Date(twoDaysAgo.getTime() + DAY_S * 1000).toISOString();
    const names = Object.keys(fields);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
      }),
    );
  }
}

describe('a proposal waiting for its confirmation', () => {
  it('shows its confirmation page on GET and HEAD, many times, without changing any of its items or mailing anyone', async () => {
    const { proposal, submitted, link } = await aPendingProposal();
    const before = await itemsOf(submitted.id);
    const inbox = await inboxSize(sesUrl);

    for (let i = 0; i < 5; i++) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag')).toContain('noindex');
      const html = await res.text();
      expect(html).not.toContain('<script');
      expect(html).toContain(proposal.title);
      expect(html).toMatch(/name="submitter"[^>]*value="yes"|value="yes"[^>]*name="submitter"/);
      expect(proofIn(html)).toBeTruthy();
    }
    for (let i = 0; i < 2; i++) {
      const head = await fetch(link, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);

    expect(await itemsOf(submitted.id)).toEqual(before);
    expect(await mailsMentioning(inbox, proposal.title, submitted.id)).toEqual([]);
    expect((await track(submitted.trackingUrl)).status).toBe('UNCONFIRMED');
  });

  it('has mailed nobody but its contact, tracks as UNCONFIRMED, is in no list, and keeps every item for one day only', async () => {
    const { proposal, submitted, after } = await aPendingProposal();
    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);

    const told = await mailsMentioning(after, proposal.title, submitted.id);
    expect(told.map((m) => [m.destination.to, m.subject])).toEqual([[[proposal.contact.email], expect.stringMatching(/^\[Sinergi\] Konfirmasi pengajuan: /)]]);
    const view = await track(submitted.trackingUrl);
    expect(view.status).toBe('UNCONFIRMED');
    expect(view.history).toEqual([]);

    const { subject, track: tracking, confirm, events } = await partsOf(submitted.id);
    expect(subject).toMatchObject({ status: 'UNCONFIRMED' });
    expect(subject?.gsi1pk).toBeUndefined();
    expect(events).toEqual([]);
    expect(confirm).toMatchObject({ state: 'PENDING', subject: { type: 'proposal', id: submitted.id } });
    const createdAt = Date.parse(String(subject?.createdAt)) / 1000;
    for (const item of [subject, tracking, confirm]) {
      expect(item, 'a pending item').toBeDefined();
      expect(Math.abs(Number(item!.ttl) - (createdAt + DAY_S)), `ttl of ${item!.pk}`).toBeLessThanOrEqual(1);
    }
  });

  it('mails its contact a confirmation naming them and the title, and nothing else anyone typed', async () => {
    const { proposal, mail, link } = await aPendingProposal();

    expect(mail.subject).toBe(`[Sinergi] Konfirmasi pengajuan: ${proposal.title} (usulan kemitraan)`);
    for (const body of [mail.body.text ?? '', mail.body.html ?? '']) {
      expect(body).toContain(proposal.contact.name);
      expect(body).toContain(proposal.title);
      expect(body).toContain(link);
      expect(body).not.toContain(proposal.summary);
      expect(body).not.toContain(proposal.institution.name);
      expect(body).not.toContain(proposal.contact.phone);
    }
  });

  it('answers 400 with its message to a press without the box ticked, and changes nothing', async () => {
    const { submitted, link } = await aPendingProposal();
    const proof = await proofOf(link);
    const before = await itemsOf(submitted.id);

    for (const fields of [{ proof }, { proof, submitter: 'no' }] as Record<string, string>[]) {
      const res = await postForm(link, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html).toContain(untickedMessage);
      expect(proofIn(html)).toBeTruthy();
    }

    expect(await itemsOf(submitted.id)).toEqual(before);
    expect((await track(submitted.trackingUrl)).status).toBe('UNCONFIRMED');
  });

  it('answers 403 to a press from another origin, without one, or without the page value, and changes nothing', async () => {
    const { submitted, link } = await aPendingProposal();
    const proof = await proofOf(link);
    const before = await itemsOf(submitted.id);

    const foreign = await postForm(link, { proof, submitter: 'yes' }, { origin: 'https://evil.example' });
    const noOrigin = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `proof=${proof}&submitter=yes`,
    });
    const forged = await postForm(link, { proof: `${Date.now()}.${'A'.repeat(43)}`, submitter: 'yes' });

    expect([foreign.status, noOrigin.status, forged.status]).toEqual([403, 403, 403]);
    expect(await itemsOf(submitted.id)).toEqual(before);
    expect((await track(submitted.trackingUrl)).status).toBe('UNCONFIRMED');
  });

  it('is confirmed by the ticked press: 303 to its tracking page with a notice, its review starts and it is kept for good', async () => {
    const { proposal, submitted, link } = await aPendingProposal();

    const res = await postForm(link, { proof: await proofOf(link), submitter: 'yes' });

    expect(res.status).toBe(303);
    const location = res.headers.get('location');
    expect(location).toBe(`${submitted.trackingUrl}?notice=confirmed`);
    await waitForMail(sesUrl, coordinatorEmail, new RegExp(escapeRegExp(proposal.title)));
    await waitForMail(sesUrl, proposal.contact.email, /Usulan diterima/);
    await eventually(async () => expect((await track(submitted.trackingUrl)).status).toBe('IN_REVIEW'));

    const { subject, track: tracking, confirm } = await partsOf(submitted.id);
    expect(subject?.ttl).toBeUndefined();
    expect(subject?.gsi1pk).toBeDefined();
    expect(tracking?.ttl).toBeUndefined();
    expect(confirm).toMatchObject({ state: 'USED', outcome: { result: 'confirmed' } });
    const again = await fetch(link);
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain('Sudah dikonfirmasi');
    expect(html).not.toContain('name="submitter"');
    const landing = await fetch(location!);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('Terima kasih, usulan sudah dikonfirmasi dan diteruskan ke BKPSDM.');
  });

  it('applies a second press and five presses at once only once: one review, one submitted event, one mail to the coordinator', async () => {
    const { proposal, submitted, link } = await aPendingProposal();
    const proof = await proofOf(link);

    const together = await Promise.all(Array.from({ length: 5 }, () => postForm(link, { proof, submitter: 'yes' })));
    const later = await postForm(link, { proof, submitter: 'yes' });

    const expected = `${submitted.trackingUrl}?notice=confirmed`;
    for (const res of [...together, later]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(expected);
    }
    const asked = await waitForMail(sesUrl, coordinatorEmail, new RegExp(escapeRegExp(proposal.title)));
    const view = await eventually(async () => {
      const v = await track(submitted.trackingUrl);
      expect(v.status).toBe('IN_REVIEW');
      return v;
    });
    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);
    expect(view.history.filter((e) => e.type === 'submitted')).toHaveLength(1);
    expect((await track(submitted.trackingUrl)).history.filter((e) => e.type === 'review-requested')).toHaveLength(1);
    const toCoordinator = (await mails(sesUrl)).filter((m) => m.destination.to.includes(coordinatorEmail) && m.subject.includes(proposal.title));
    expect(toCoordinator.map((m) => m.subject)).toEqual([asked.subject]);
    expect((await partsOf(submitted.id)).events.filter((e) => e.type === 'submitted')).toHaveLength(1);
  });

  it('answers 410 to the link once its day has passed, on GET and on POST, and starts nothing', async () => {
    const { proposal, submitted, link } = await aPendingProposal();
    const proof = await proofOf(link);
    await lapse(submitted.id);
    const inbox = await inboxSize(sesUrl);

    const page = await fetch(link);
    const press = await postForm(link, { proof, submitter: 'yes' });

    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Batas waktu konfirmasi (satu hari) sudah lewat');
    expect(press.status).toBe(410);
    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);
    const { subject, confirm, events } = await partsOf(submitted.id);
    expect(subject).toMatchObject({ status: 'UNCONFIRMED' });
    expect(confirm).toMatchObject({ state: 'PENDING' });
    expect(events).toEqual([]);
    expect(await mailsMentioning(inbox, proposal.title, submitted.id)).toEqual([]);
  });

  it('answers 404 to a confirmation link that does not exist', async () => {
    expect((await fetch(`${apiUrl}/confirm/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await postForm(`${apiUrl}/confirm/${'B'.repeat(43)}`, { proof: 'x', submitter: 'yes' })).status).toBe(404);
  });
});

describe('an application waiting for its confirmation', () => {
  let placement: Awaited<ReturnType<typeof aPublishedPlacement>>;
  const applyUrl = () => `${apiUrl}/api/placements/${placement.id}/applications`;

  beforeAll(async () => {
    const partner = await anInternshipPartner(apiUrl, sesUrl);
    placement = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl, { startDate: wibDate(5), endDate: wibDate(8), applicationDeadline: wibDate(2) });
  });

  /** Applies through the JSON API and waits for the confirmation mail; confirms nothing. */
  async function aPendingApplication(overrides: Record<string, unknown> = {}) {
    const body = anApplication({ motivation: `Motivasi yang hanya pelamar ketik ${marker()}.`, ...overrides });
    const after = await inboxSize(sesUrl);
    const res = await postJson(applyUrl(), body);
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as Submitted;
    const mail = await confirmationMail(sesUrl, body.email, placement.offer.title, { after });
    return { body, created, res, mail, link: linkIn(mail, 'confirm'), after };
  }

  /** What is stored under the NIP: its claim on this placement, and the ASN's own records. */
  async function nipRecords(nip: string) {
    const items = await itemsContaining(dynamoEndpoint, tableName, nip);
    return {
      claims: items.filter((i) => i.pk === `PLACEMENT#${placement.id}` && i.sk === `NIP#${nip}`),
      asn: items.filter((i) => String(i.pk) === `ASN#${nip}`),
    };
  }

  it('mails the applicant alone a confirmation naming them and the placement, and nothing else they typed; claims nothing yet', async () => {
    const { body, created, mail, link, after } = await aPendingApplication();
    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);

    expect(mail.subject).toMatch(new RegExp(`^\\[Sinergi\\] Konfirmasi pengajuan: ${escapeRegExp(placement.offer.title)} \\(`));
    for (const text of [mail.body.text ?? '', mail.body.html ?? '']) {
      expect(text).toContain(body.name);
      expect(text).toContain(placement.offer.title);
      expect(text).toContain(link);
      expect(text).not.toContain(body.motivation);
      expect(text).not.toContain(body.supervisor.name);
      expect(text).not.toContain(body.supervisor.email);
      expect(text).not.toContain(body.position);
    }
    const told = await mailsMentioning(after, body.name, body.nip, body.supervisor.name);
    expect(told.map((m) => m.destination.to)).toEqual([[body.email]]);
    expect((await mails(sesUrl)).slice(after).filter((m) => m.destination.to.includes(body.supervisor.email))).toEqual([]);

    expect((await trackApplication(created.trackingUrl)).status).toBe('UNCONFIRMED');
    expect(await nipRecords(body.nip)).toEqual({ claims: [], asn: [] });
    const { subject, track: tracking, confirm, events } = await partsOf(created.id);
    expect(subject).toMatchObject({ status: 'UNCONFIRMED' });
    expect(subject?.gsi1pk).toBeUndefined();
    expect(events).toEqual([]);
    const createdAt = Date.parse(String(subject?.createdAt)) / 1000;
    for (const item of [subject, tracking, confirm]) {
      expect(item, 'a pending item').toBeDefined();
      expect(Math.abs(Number(item!.ttl) - (createdAt + DAY_S)), `ttl of ${item!.pk}`).toBeLessThanOrEqual(1);
    }
  });

  it('is confirmed by the ticked press: the NIP is claimed and the ASN recorded only now, the supervisor is asked, and it is kept for good', async () => {
    const { body, created, link } = await aPendingApplication();
    const before = await itemsOf(created.id);
    for (let i = 0; i < 3; i++) expect((await fetch(link)).status).toBe(200);
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect(await itemsOf(created.id)).toEqual(before);
    expect(await nipRecords(body.nip)).toEqual({ claims: [], asn: [] });

    const res = await confirmLink(link);

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${created.trackingUrl}?notice=confirmed`);
    await waitForMail(sesUrl, body.supervisor.email, new RegExp(escapeRegExp(placement.offer.title)));
    await untilStatus(created.trackingUrl, 'SUPERVISOR_REVIEW');
    const { claims, asn } = await nipRecords(body.nip);
    expect(claims).toEqual([expect.objectContaining({ applicationId: created.id })]);
    expect(asn.length).toBeGreaterThan(0);
    const { subject, track: tracking, confirm } = await partsOf(created.id);
    expect(subject?.ttl).toBeUndefined();
    expect(subject?.gsi1pk).toBeDefined();
    expect(tracking?.ttl).toBeUndefined();
    expect(confirm).toMatchObject({ state: 'USED', outcome: { result: 'confirmed' } });
    const landing = await (await fetch(res.headers.get('location')!)).text();
    expect(landing).toContain('Terima kasih, pendaftaran sudah dikonfirmasi dan diteruskan kepada atasan Anda.');
  });

  it('answers two applications of one NIP alike, confirms the first and refuses the second at its confirmation, telling only its address why', async () => {
    const first = await aPendingApplication();
    const second = await aPendingApplication({ nip: first.body.nip, motivation: 'Mencoba dengan NIP orang lain.' });

    // The same answer whatever NIP is typed: nothing in it says this NIP applied before.
    expect(second.res.status).toBe(first.res.status);
    expect(second.res.headers.get('content-type')).toBe(first.res.headers.get('content-type'));
    expect(Object.keys(second.created).sort()).toEqual(Object.keys(first.created).sort());
    expect(second.created.status).toBe('UNCONFIRMED');
    expect(second.created.trackingUrl.length).toBe(first.created.trackingUrl.length);
    const secondProof = await proofOf(second.link);

    expect((await confirmLink(first.link)).status).toBe(303);
    const refusedAt = await inboxSize(sesUrl);
    const refused = await postForm(second.link, { proof: secondProof, submitter: 'yes' });

    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain(refusedMessage);
    const why = await waitForMail(sesUrl, second.body.email, refusalSubject, { after: refusedAt });
    expect(why.subject).toContain(placement.offer.title);
    expect(why.body.text).toContain(`NIP ${first.body.nip} sudah terdaftar untuk penempatan ini melalui pendaftaran lain.`);
    expect(why.body.text).not.toContain(first.body.name);
    expect(why.body.text).not.toContain(first.body.email);
    const rejected = await trackApplication(second.created.trackingUrl);
    expect(rejected.status).toBe('REJECTED');
    const { subject, events } = await partsOf(second.created.id);
    expect(subject?.gsi1pk).toBeUndefined();
    expect(events.map((e) => [e.sk, e.toStatus])).toEqual([['EVENT#confirm:refused', 'REJECTED']]);
    const refusals = (await mails(sesUrl)).slice(refusedAt).filter((m) => refusalSubject.test(m.subject) && m.subject.includes(placement.offer.title));
    expect(refusals.map((m) => m.destination.to)).toEqual([[second.body.email]]);
    expect((await mails(sesUrl)).filter((m) => m.destination.to.includes(second.body.supervisor.email))).toEqual([]);

    // A second press, and opening the link again, answer the same and change nothing.
    const again = await postForm(second.link, { proof: secondProof, submitter: 'yes' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(refusedMessage);
    const reopened = await fetch(second.link);
    expect(reopened.status).toBe(200);
    expect(await reopened.text()).toContain(refusedMessage);
    expect((await mails(sesUrl)).filter((m) => m.destination.to.includes(second.body.email) && refusalSubject.test(m.subject))).toHaveLength(1);
    await untilStatus(first.created.trackingUrl, 'SUPERVISOR_REVIEW');
    expect((await nipRecords(first.body.nip)).claims).toEqual([expect.objectContaining({ applicationId: first.created.id })]);
    // Refused, it is still removed with its window: nothing of it may outlive the rest.
    for (const item of await itemsOf(second.created.id)) expect(item.ttl, `ttl of ${item.pk} ${item.sk}`).toBeDefined();
  });

  it('answers 410 to the link once its day has passed, and claims and starts nothing', async () => {
    const { body, created, link } = await aPendingApplication();
    const proof = await proofOf(link);
    await lapse(created.id);

    expect((await fetch(link)).status).toBe(410);
    expect((await postForm(link, { proof, submitter: 'yes' })).status).toBe(410);

    await pause(WORKFLOW_WOULD_HAVE_MAILED_MS);
    expect((await partsOf(created.id)).subject).toMatchObject({ status: 'UNCONFIRMED' });
    expect(await nipRecords(body.nip)).toEqual({ claims: [], asn: [] });
    expect((await mails(sesUrl)).filter((m) => m.destination.to.includes(body.supervisor.email))).toEqual([]);
  });
});

describe('a confirmation in the submitter’s language', () => {
  it('mails, shows and answers an English proposal in English', async () => {
    const proposal = aProposal({ language: 'en' });
    const submitted = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
    const mail = await confirmationMail(sesUrl, proposal.contact.email, proposal.title);
    expect(mail.subject).toBe(`[Sinergi] Confirm your submission: ${proposal.title} (partnership proposal)`);
    expect(mail.body.text).toContain(`Dear ${proposal.contact.name},`);
    const used = await fetch(linkIn(mail, 'confirm'));
    expect(used.status).toBe(200);
    expect(await used.text()).toContain('Already confirmed');
    await eventually(async () => expect((await track(submitted.trackingUrl)).status).toBe('IN_REVIEW'));
  });
});
