/**
 * `npm run bench`: what each function costs. Bundle size against the budget, cold import time
 * of each bundle in a fresh node process (as a ratio to importing an empty module, measured in
 * the same run), and the latency of the hot write paths on the local cloud.
 * Exits with 1 when a bundle is over budget or a measurement could not be made.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.js';
import { startLocalSecretsManager } from '../../infra/local/secrets-manager.js';
import { resourcesOf, type SynthesizedStack, synthesize } from '../../infra/local/template.js';
import { aProposal, postForm, postJson, proofIn } from '../support/api.js';
import { linkIn, mails } from '../support/inbox.js';
import { freePort } from '../support/ports.js';

/**
 * The decision routes serve the links of all five workflows (one path, whose token says whose it
 * is), and the milestone's task function sends every mail of its cycle: with four AWS clients
 * each, they are the largest bundles (about 430 KiB once the clients carry the environment's
 * credentials alone), and the budget leaves them room.
 */
const BUDGET_KIB = 480;
/** Fresh processes per bundle, and as many for the empty module, interleaved. */
const IMPORT_ROUNDS = 7;
/** Timed requests per path, after a few untimed ones. */
const REQUESTS = 300;
const WARM_UP = 10;
const COORDINATOR = 'koordinator@bkpsdm.surakarta.go.id';

/** Everything a bundle's start-up check asks for, with harmless values. */
const FAKE_ENVIRONMENT: Record<string, string> = {
  TABLE_NAME: 't',
  PROPOSAL_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:x',
  OFFER_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:y',
  APPLICATION_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:z',
  RESEARCH_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:r',
  MILESTONE_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:m',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  SENDER_EMAIL: 'a@b.id',
  // Functions that mint links read this secret when they start, from a local endpoint here.
  LINK_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:bench',
  // The coordinators' list functions read the key of their cursors when they start.
  CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:bench-cursor',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  APPROVAL_CHAIN: '[{"role":"coordinator","approver":{"name":"A","email":"a@b.id"},"backup":{"name":"B","email":"b@b.id"}}]',
  AWS_REGION: 'ap-southeast-3',
  // What the SDK version in use actually reads to skip its Node 20 warning.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Bundle {
  name: string;
  file: string;
  bytes: number;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => say(`… ${line}`);
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

/** Nearest-rank percentile of unsorted samples. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (samples: number[]) => percentile(samples, 50);

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  say(line(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) say(line(row));
}

/** Each function's bundle in the cloud assembly, found through its `Code.S3Key` (`<hash>.zip` → `asset.<hash>`). */
function bundlesIn(outdir: string, stacks: SynthesizedStack[]): Bundle[] {
  const bundles: Bundle[] = [];
  for (const stack of stacks)
    for (const fn of resourcesOf(stack, 'AWS::Lambda::Function')) {
      const key = (fn.properties.Code as { S3Key?: unknown } | undefined)?.S3Key;
      const hash = typeof key === 'string' ? key.replace(/\.zip$/, '') : undefined;
      // The construct id: the logical id without the hash CDK appends.
      const name = fn.logicalId.replace(/[0-9A-F]{8}$/, '');
      const file = hash ? join(outdir, `asset.${hash}`, 'index.mjs') : '';
      if (!file || !existsSync(file)) throw new Error(`${name}: no bundle at ${file || '(no S3Key)'}`);
      bundles.push({ name, file, bytes: statSync(file).size });
    }
  return bundles.sort((a, b) => a.name.localeCompare(b.name));
}

/** Wall time of a fresh node process that imports `file` and exits (its start-up included). */
function timeImport(file: string, env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
      { env },
      (error, _stdout, stderr) => {
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (error) reject(new Error(`importing ${file} failed: ${(stderr || error.message).slice(0, 500)}`));
        else resolve(elapsed);
      },
    ),
  );
}

async function timed(request: () => Promise<Response>, expectedStatus: number, what: string): Promise<number> {
  const started = performance.now();
  const res = await request();
  const body = await res.text();
  const elapsed = performance.now() - started;
  if (res.status !== expectedStatus) throw new Error(`${what} answered ${res.status} instead of ${expectedStatus}: ${body.slice(0, 300)}`);
  return elapsed;
}

/** Distinct decision links mailed to `to`, waiting until there are `count` of them. */
async function decisionLinks(sesUrl: string, to: string, count: number, timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const links = new Set<string>();
    for (const mail of await mails(sesUrl))
      if (mail.destination.to.includes(to))
        try {
          links.add(linkIn(mail, 'decide'));
        } catch {
          // a mail without a decision link (a notice): not one of ours
        }
    if (links.size >= count) return [...links].slice(0, count);
    if (Date.now() > deadline) throw new Error(`only ${links.size} of ${count} decision mails to ${to} arrived`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Distinct confirmation links in the local inbox, waiting until there are `count` of them. */
async function confirmationLinks(sesUrl: string, count: number, timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const links = new Set((await mails(sesUrl)).filter((m) => /^\[Sinergi\] Konfirmasi pengajuan/.test(m.subject)).map((m) => linkIn(m, 'confirm')));
    if (links.size >= count) return [...links].slice(0, count);
    if (Date.now() > deadline) throw new Error(`only ${links.size} of ${count} confirmation mails arrived`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens a confirmation link's page, as its submitter does, for the value its form posts. */
async function confirmForm(link: string): Promise<{ link: string; proof: string }> {
  const page = await fetch(link);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET ${new URL(link).pathname.slice(0, 9)}… answered ${page.status}`);
  return { link, proof: proofIn(html) };
}

async function measureLatency(cloud: LocalCloud): Promise<{ proposals: number[]; confirmations: number[]; decisions: number[] }> {
  const total = WARM_UP + REQUESTS;
  const origin = new URL(cloud.apiUrl).origin;

  progress(`POST /api/proposals × ${total} (first ${WARM_UP} untimed)`);
  const proposals: number[] = [];
  for (let i = 0; i < total; i++) {
    const elapsed = await timed(() => postJson(`${cloud.apiUrl}/api/proposals`, aProposal()), 201, 'POST /api/proposals');
    if (i >= WARM_UP) proposals.push(elapsed);
    if ((i + 1) % 100 === 0) progress(`  ${i + 1} proposals`);
  }

  progress(`collecting ${total} confirmation links from the local inbox and opening their pages`);
  const confirmForms = [];
  for (const link of await confirmationLinks(cloud.sesUrl, total)) confirmForms.push(await confirmForm(link));
  progress(`POST /confirm/{token} × ${total} (first ${WARM_UP} untimed)`);
  const confirmations: number[] = [];
  for (const [i, { link, proof }] of confirmForms.entries()) {
    const elapsed = await timed(() => postForm(link, { proof, submitter: 'yes' }, { origin }), 303, 'POST /confirm/{token}');
    if (i >= WARM_UP) confirmations.push(elapsed);
    if ((i + 1) % 100 === 0) progress(`  ${i + 1} confirmations`);
  }

  progress(`collecting ${total} decision links from the local inbox and opening their pages`);
  const links = await decisionLinks(cloud.sesUrl, COORDINATOR, total);
  const forms: { link: string; proof: string }[] = [];
  for (const link of links) {
    const page = await fetch(link);
    const html = await page.text();
    if (page.status !== 200) throw new Error(`GET ${new URL(link).pathname.slice(0, 8)}… answered ${page.status}`);
    forms.push({ link, proof: proofIn(html) });
  }

  progress(`POST /decide/{token} decision=approve × ${total} (first ${WARM_UP} untimed)`);
  const decisions: number[] = [];
  for (const [i, { link, proof }] of forms.entries()) {
    const elapsed = await timed(() => postForm(link, { decision: 'approve', proof }, { origin }), 200, 'POST /decide/{token}');
    if (i >= WARM_UP) decisions.push(elapsed);
    if ((i + 1) % 100 === 0) progress(`  ${i + 1} decisions`);
  }
  return { proposals, confirmations, decisions };
}

/** A calendar date in WIB, `days` from today. */
const wibDate = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The first link of a kind in the newest mail to `to` whose subject matches. */
async function linkFromMail(sesUrl: string, to: string, subject: RegExp, kind: 'decide' | 'partners' | 'confirm'): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = (await mails(sesUrl)).filter((m) => m.destination.to.includes(to) && subject.test(m.subject)).pop();
    if (found) return linkIn(found, kind);
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Presses approve on a decision link's page. */
async function approveLink(link: string, origin: string): Promise<void> {
  const page = await fetch(link);
  const proof = proofIn(await page.text());
  const res = await postForm(link, { decision: 'approve', proof, comment: '' }, { origin });
  if (res.status !== 200) throw new Error(`approving answered ${res.status}`);
}

/**
 * `POST /api/placements/{id}/applications` on a published placement: an internship
 * partnership is approved, its partner offers a placement, the coordinator publishes it,
 * then ASNs with distinct NIPs apply one after another (each answered UNCONFIRMED, its confirmation mailed).
 */
async function measureApplications(cloud: LocalCloud): Promise<number[]> {
  const total = WARM_UP + REQUESTS;
  const origin = new URL(cloud.apiUrl).origin;
  progress('approving an internship partnership and publishing a placement');
  const proposal = aProposal({ startDate: wibDate(0), durationMonths: 12, scopes: ['internship'] });
  await timed(() => postJson(`${cloud.apiUrl}/api/proposals`, proposal), 201, 'POST /api/proposals');
  const confirm = await confirmForm(await linkFromMail(cloud.sesUrl, proposal.contact.email, /Konfirmasi pengajuan/, 'confirm'));
  await timed(() => postForm(confirm.link, { proof: confirm.proof, submitter: 'yes' }, { origin }), 303, 'POST /confirm/{token}');
  const title = new RegExp(proposal.title.slice(-12));
  await approveLink(await linkFromMail(cloud.sesUrl, COORDINATOR, title, 'decide'), origin);
  await approveLink(await linkFromMail(cloud.sesUrl, 'kepala@bkpsdm.surakarta.go.id', title, 'decide'), origin);
  const partnerUrl = await linkFromMail(
    cloud.sesUrl,
    proposal.contact.email,
    /^\[Sinergi\] (Halaman mitra magang Anda|Your internship partner page):/,
    'partners',
  );
  const offer = {
    title: `Bench placement ${Date.now()}`,
    hostUnit: 'Unit',
    description: 'Bench',
    competencyArea: 'Bench',
    seats: 50,
    startDate: wibDate(30),
    endDate: wibDate(40),
    applicationDeadline: wibDate(20),
    jpHours: 20,
    language: 'id',
  };
  const offered = await postJson(`${partnerUrl.replace('/partners/', '/api/partners/')}/placements`, offer);
  if (offered.status !== 201) throw new Error(`offering answered ${offered.status}`);
  const { id } = (await offered.json()) as { id: string };
  await approveLink(await linkFromMail(cloud.sesUrl, COORDINATOR, new RegExp(offer.title), 'decide'), origin);
  for (const deadline = Date.now() + 60_000; ; ) {
    const items = ((await (await fetch(`${cloud.apiUrl}/api/placements`)).json()) as { items: { id: string }[] }).items;
    if (items.some((p) => p.id === id)) break;
    if (Date.now() > deadline) throw new Error('the placement was not published');
    await new Promise((r) => setTimeout(r, 250));
  }

  progress(`POST /api/placements/{id}/applications × ${total} (first ${WARM_UP} untimed)`);
  const times: number[] = [];
  for (let i = 0; i < total; i++) {
    // Valid PNS numbers: born 1 January 1980, appointed March 2005, each with its own sequence number.
    const nip = `19800101200503${1 + (i % 2)}${String(i + 1).padStart(3, '0')}`;
    const body = {
      nip,
      employmentType: 'PNS',
      name: `ASN ${i}`,
      email: `asn${i}@surakarta.go.id`,
      unit: 'Dinas Pendidikan',
      position: 'Analis',
      supervisor: { name: 'Atasan', email: `atasan${i}@surakarta.go.id` },
      motivation: 'Bench',
      language: 'id',
    };
    const elapsed = await timed(() => postJson(`${cloud.apiUrl}/api/placements/${id}/applications`, body), 201, 'POST /api/placements/{id}/applications');
    if (i >= WARM_UP) times.push(elapsed);
    if ((i + 1) % 100 === 0) progress(`  ${i + 1} applications`);
  }
  return times;
}

async function main(): Promise<number> {
  const started = performance.now();
  const workdir = mkdtempSync(join(tmpdir(), 'sinergi-bench-'));
  const outdir = join(workdir, 'cdk.out');
  let cloud: LocalCloud | undefined;
  const problems: string[] = [];
  try {
    progress('synthesizing the app and bundling its functions');
    const synth = synthesize(outdir);
    const bundles = bundlesIn(outdir, synth.stacks);

    say();
    say(`Bundle sizes (minified index.mjs; budget ${BUDGET_KIB} KiB)`);
    const over = bundles.filter((b) => b.bytes / 1024 > BUDGET_KIB);
    table(
      ['function', 'KiB', ''],
      bundles.map((b) => [b.name, (b.bytes / 1024).toFixed(1), b.bytes / 1024 > BUDGET_KIB ? 'OVER BUDGET' : 'ok']),
    );
    if (over.length) problems.push(`${over.length} of ${bundles.length} bundles over the ${BUDGET_KIB} KiB budget (${over.map((b) => b.name).join(', ')})`);

    say();
    progress(`cold import: ${IMPORT_ROUNDS} fresh node processes per bundle, interleaved with as many importing an empty module`);
    const empty = join(workdir, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const secretsManager = await startLocalSecretsManager(
      new Map([
        [FAKE_ENVIRONMENT.LINK_SECRET_ARN!, 'bench-link-secret-0123456789abcdefghijklmnopqrstuvwxyz'],
        [FAKE_ENVIRONMENT.CURSOR_SECRET_ARN!, 'bench-cursor-key-0123456789abcdefghijklmnopqrstuvwxyz'],
      ]),
    );
    const env = { ...FAKE_ENVIRONMENT, AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url };
    await timeImport(empty, env); // untimed: warms the file cache for the node binary
    const rows: string[][] = [];
    for (const bundle of bundles) {
      await timeImport(bundle.file, env); // untimed: warms the file cache for the bundle
      const emptyTimes: number[] = [];
      const bundleTimes: number[] = [];
      for (let round = 0; round < IMPORT_ROUNDS; round++) {
        emptyTimes.push(await timeImport(empty, env));
        bundleTimes.push(await timeImport(bundle.file, env));
      }
      const e = median(emptyTimes);
      const b = median(bundleTimes);
      rows.push([bundle.name, ms(e), ms(b), ms(b - e), `${(b / e).toFixed(2)}×`]);
      progress(`  ${bundle.name}: ${ms(b)} ms vs ${ms(e)} ms`);
    }
    await secretsManager.close();
    say();
    say(`Cold import (median of ${IMPORT_ROUNDS} fresh processes each, node ${process.version})`);
    table(['function', 'empty ms', 'bundle ms', 'extra ms', 'ratio'], rows);

    say();
    progress('starting the local cloud (in memory, free ports)');
    // The local cloud makes its DynamoDB client before it sets this, so set it first.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    cloud = await startLocalCloud({
      authKeyFile: join(workdir, 'local-auth-key.json'),
      port: await freePort(),
      sesPort: await freePort(),
      dynamoPort: await freePort(),
      sfnPort: await freePort(),
      s3Port: await freePort(),
      timeScale: 1,
      outdir,
      functionLogLevel: 'SILENT',
      // Hundreds of submissions from one address: the hourly limit is measured elsewhere, not here.
      context: { anonymousSubmissionsPerHour: 100_000, confirmationMailsPerHour: 100_000 },
      onProgress: (message) => progress(`  ${message}`),
    });
    const running = cloud;
    // DynamoDB Local is a separate java process: stop it on Ctrl-C too.
    process.once('SIGINT', () => void running.stop().finally(() => process.exit(130)));
    const latency = await measureLatency(cloud);
    const applications = await measureApplications(cloud);
    say();
    say(`Local latency (${REQUESTS} sequential requests each to ${cloud.apiUrl}, after ${WARM_UP} untimed)`);
    table(
      ['request', 'median ms', 'p99 ms', 'max ms'],
      [
        ['POST /api/proposals', ms(median(latency.proposals)), ms(percentile(latency.proposals, 99)), ms(Math.max(...latency.proposals))],
        ['POST /confirm/{token}', ms(median(latency.confirmations)), ms(percentile(latency.confirmations, 99)), ms(Math.max(...latency.confirmations))],
        ['POST /decide/{token} (approve)', ms(median(latency.decisions)), ms(percentile(latency.decisions, 99)), ms(Math.max(...latency.decisions))],
        ['POST /api/placements/{id}/applications', ms(median(applications)), ms(percentile(applications, 99)), ms(Math.max(...applications))],
      ],
    );
  } catch (error) {
    problems.push(`the bench stopped: ${(error as Error).message}`);
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    if (cloud) {
      progress('stopping the local cloud');
      await cloud.stop();
    }
    rmSync(workdir, { recursive: true, force: true });
  }
  say();
  say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  for (const problem of problems) say(`FAILED: ${problem}`);
  return problems.length ? 1 : 0;
}

process.exit(await main());
