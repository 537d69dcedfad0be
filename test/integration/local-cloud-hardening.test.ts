import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLocalToken } from '../../infra/local/auth.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.js';
import { startDynamo } from '../../infra/local/engines.js';
import { aProposal, submitProposalConfirmed } from '../support/api.js';
import { mails, waitForMail } from '../support/inbox.js';
import { freePort } from '../support/ports.js';

// --- Helpers ----------------------------------------------------------------------------

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** One HTTP request with the `Host` header given, which fetch would not let a test choose. */
function raw(url: string, options: { host?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? target.host, ...options.headers },
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The status line's code for an HTTP/1.0 GET that has no Host header at all. */
function statusWithoutHost(url: string): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: target.hostname, port: Number(target.port), timeout: 10_000 }, () =>
      socket.write(`GET ${target.pathname} HTTP/1.0\r\n\r\n`),
    );
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.once('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.once('timeout', () => socket.destroy(new Error(`no answer from ${url} within 10 s`)));
    socket.once('error', reject);
  });
}

const awsJson = (target: string, version = '1.0') => ({
  'content-type': `application/x-amz-json-${version}`,
  'x-amz-target': target,
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20270101/ap-southeast-3/service/aws4_request, SignedHeaders=host, Signature=0',
});

const portOf = (url: string) => new URL(url).port;
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Whether a process is still there; a zombie (exited, not yet reaped) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    return readFileSync(stat, 'utf8').split(') ').pop()?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100))) if (!alive(pid)) return true;
  return !alive(pid);
}

/** The first line a child prints that `match` accepts, within `ms`; the child's output so far otherwise. */
function lineFrom(child: ChildProcess, match: (line: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no such line within ${ms / 1000} s:\n${output.slice(-3000)}`)), ms);
    const onData = (d: Buffer) => {
      output += d.toString();
      const line = output.split('\n').find(match);
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) first:\n${output.slice(-3000)}`));
    });
  });
}

/** The pids of java processes whose command line holds `marker`, found with ps. */
function javaProcessesWith(marker: string): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+\s+\S*java\s/.test(line) && line.includes(marker))
    .map((line) => Number.parseInt(line, 10))
    .filter(alive);
}

/** This machine's first address that is not a loopback one, if it has any. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const hasJdk = spawnSync('javac', ['-version']).status === 0;
const children: ChildProcess[] = [];
const folders: string[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// --- A cloud of this file's own, on a data folder that was left too open ----------------

let cloud: LocalCloud;
let dataDir: string;
const oldLinkSecret = 'a-link-secret-written-before-with-mode-0644';
let proposalId = '';

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'sinergi-hardening-')), 'data');
  folders.push(join(dataDir, '..'));
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'dynamodb'), 0o755);
  writeFileSync(join(dataDir, 'link-secret'), oldLinkSecret, { mode: 0o644 });
  await mintLocalToken(join(dataDir, 'local-auth-key.json'), 'x@example.go.id');
  chmodSync(join(dataDir, 'local-auth-key.json'), 0o644);
  chmodSync(dataDir, 0o755);

  cloud = await startLocalCloud({
    port: await freePort(),
    sesPort: await freePort(),
    dynamoPort: await freePort(),
    sfnPort: await freePort(),
    s3Port: await freePort(),
    dataDir,
    timeScale: 2880,
    outdir: 'cdk.out/test-hardening',
    functionLogLevel: 'SILENT',
  });
  // A confirmed proposal: its review workflow is journalled in executions.json and its receipt lands in the inbox.
  const proposal = aProposal();
  proposalId = (await submitProposalConfirmed(cloud.apiUrl, cloud.sesUrl, proposal)).id;
  await waitForMail(cloud.sesUrl, proposal.contact.email, /Usulan diterima/);
}, 600_000);

afterAll(async () => {
  await cloud?.stop();
}, 60_000);

describe('every local server answers only to 127.0.0.1 or localhost on its own port', () => {
  const servers = [
    { name: 'the HTTP API', url: () => `${cloud.apiUrl}/health`, request: {} },
    { name: 'the local inbox (SES)', url: () => `${cloud.sesUrl}/store`, request: {} },
    {
      name: 'the Step Functions endpoint',
      url: () => `${cloud.sfnUrl}/`,
      request: {
        method: 'POST',
        headers: awsJson('AWSStepFunctions.DescribeExecution'),
        body: '{"executionArn":"arn:aws:states:ap-southeast-3:000000000000:execution:x:y"}',
      },
    },
    {
      name: 'the Secrets Manager endpoint',
      url: () => `${cloud.secretsUrl}/`,
      request: { method: 'POST', headers: awsJson('secretsmanager.GetSecretValue', '1.1'), body: '{"SecretId":"unknown"}' },
    },
    {
      name: 'DynamoDB Local',
      url: () => `${cloud.dynamoEndpoint}/`,
      request: { method: 'POST', headers: awsJson('DynamoDB_20120810.ListTables'), body: '{}' },
    },
  ];

  it.each(servers)('$name refuses Host evil.example on its port with 421 and a short plain-text body', async ({ url, request: options }) => {
    const answer = await raw(url(), { ...options, host: `evil.example:${portOf(url())}` });
    expect(answer.status).toBe(421);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(/^Misdirected request/);
    expect(answer.body.length).toBeLessThan(200);
  });

  it.each(servers)('$name refuses 127.0.0.1 on another port, and a request with no Host', async ({ url, request: options }) => {
    expect((await raw(url(), { ...options, host: '127.0.0.1:1' })).status).toBe(421);
    // HTTP/1.0 allows leaving Host out (Node's server itself answers 400 to HTTP/1.1 without one).
    expect(await statusWithoutHost(url())).toBe(421);
  });

  it.each(servers)('$name answers 127.0.0.1 and localhost on its port', async ({ url, request: options }) => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST']) {
      const answer = await raw(url(), { ...options, host: `${name}:${portOf(url())}` });
      expect(answer.status, `${name}: ${answer.body}`).not.toBe(421);
      expect(answer.status).toBeLessThan(500);
    }
  });

  it('the Secrets Manager endpoint hands out the link secret only to a loopback Host', async () => {
    const request = { method: 'POST', headers: awsJson('secretsmanager.GetSecretValue', '1.1') };
    const secretId = `arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:${await linkSecretLogicalId()}`;
    const body = JSON.stringify({ SecretId: secretId });
    const refused = await raw(`${cloud.secretsUrl}/`, { ...request, body, host: `evil.example:${portOf(cloud.secretsUrl)}` });
    expect(refused.status).toBe(421);
    expect(refused.body).not.toContain(oldLinkSecret);
    const served = await raw(`${cloud.secretsUrl}/`, { ...request, body });
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body).SecretString).toBe(oldLinkSecret);
  });

  it('the inbox does nothing for a refused request: /clear-store under another name leaves the mails', async () => {
    const before = (await mails(cloud.sesUrl)).length;
    expect(before).toBeGreaterThan(0);
    expect((await raw(`${cloud.sesUrl}/clear-store`, { method: 'POST', host: `evil.example:${portOf(cloud.sesUrl)}` })).status).toBe(421);
    expect((await mails(cloud.sesUrl)).length).toBe(before);
  });

  it('the Step Functions endpoint does nothing for a refused request: no execution is started', async () => {
    const stateMachineArn = [...cloud.stateMachines.values()][0]!;
    const name = `refused-${Date.now()}`;
    const answer = await raw(`${cloud.sfnUrl}/`, {
      method: 'POST',
      headers: awsJson('AWSStepFunctions.StartExecution'),
      body: JSON.stringify({ stateMachineArn, name, input: '{}' }),
      host: `evil.example:${portOf(cloud.sfnUrl)}`,
    });
    expect(answer.status).toBe(421);
    const sfn = new SFNClient({ endpoint: cloud.sfnUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    sfn.destroy();
  });

  it('DynamoDB Local does nothing for a refused request: the item is not written', async () => {
    const key = { pk: { S: `HOSTCHECK#${Date.now()}` }, sk: { S: 'refused' } };
    const put = await raw(`${cloud.dynamoEndpoint}/`, {
      method: 'POST',
      headers: awsJson('DynamoDB_20120810.PutItem'),
      body: JSON.stringify({ TableName: cloud.tableName, Item: key }),
      host: `evil.example:${portOf(cloud.dynamoEndpoint)}`,
    });
    expect(put.status).toBe(421);
    const get = await raw(`${cloud.dynamoEndpoint}/`, {
      method: 'POST',
      headers: awsJson('DynamoDB_20120810.GetItem'),
      body: JSON.stringify({ TableName: cloud.tableName, Key: key, ConsistentRead: true }),
    });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toEqual({});
  });

  it('DynamoDB Local refuses a browser: any request with an Origin gets 403', async () => {
    const answer = await raw(`${cloud.dynamoEndpoint}/`, {
      method: 'POST',
      headers: { ...awsJson('DynamoDB_20120810.ListTables'), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(answer.status).toBe(403);
    expect(answer.contentType).toMatch(/^text\/plain/);
    const preflight = await raw(`${cloud.dynamoEndpoint}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
  });

  it.runIf(hasJdk)('DynamoDB Local itself listens on 127.0.0.1 only, and so does the proxy in front of it', async () => {
    expect(cloud.dynamo.loopbackOnly).toBe(true);
    expect(await connects('127.0.0.1', Number(portOf(cloud.dynamoEndpoint)))).toBe(true);
    if (otherAddress) {
      expect(await connects(otherAddress, cloud.dynamo.enginePort)).toBe(false);
      expect(await connects(otherAddress, Number(portOf(cloud.dynamoEndpoint)))).toBe(false);
    }
  });
});

/** The logical id of the template's link secret, as the local cloud names it in the secret's ARN. */
async function linkSecretLogicalId(): Promise<string> {
  const outdir = 'cdk.out/test-hardening';
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as { Resources?: Record<string, { Type: string }> };
    const found = Object.entries(template.Resources ?? {}).find(([id, r]) => r.Type === 'AWS::SecretsManager::Secret' && id.startsWith('LinkSecret'));
    if (found) return found[0];
  }
  throw new Error(`No link secret in the templates of ${outdir}`);
}

describe('the data folder is readable by its owner only', () => {
  it('narrows a data folder left at 0755 to 0700, keeping what is in it', () => {
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'dynamodb'))).toBe(0o700);
    expect(readFileSync(join(dataDir, 'link-secret'), 'utf8')).toBe(oldLinkSecret);
  });

  it('narrows the link secret and the signing key, left at 0644, to 0600', () => {
    expect(modeOf(join(dataDir, 'link-secret'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'local-auth-key.json'))).toBe(0o600);
  });

  it('writes the executions journal and DynamoDB Local files 0600', async () => {
    const journal = join(dataDir, 'executions.json');
    expect(readFileSync(journal, 'utf8')).toContain(proposalId);
    expect(modeOf(journal)).toBe(0o600);
    const dbFiles = readdirSync(join(dataDir, 'dynamodb'));
    expect(dbFiles.length).toBeGreaterThan(0);
    for (const file of dbFiles) expect(modeOf(join(dataDir, 'dynamodb', file)), file).toBe(0o600);
  });

  it('makes a fresh key folder 0700 and its key 0600 (what `npm run token` does on a new DATA_DIR)', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'sinergi-fresh-')), 'new-data');
    folders.push(join(fresh, '..'));
    await mintLocalToken(join(fresh, 'local-auth-key.json'), 'x@example.go.id');
    expect(modeOf(fresh)).toBe(0o700);
    expect(modeOf(join(fresh, 'local-auth-key.json'))).toBe(0o600);
  });
});

// --- DynamoDB Local's lifetime ------------------------------------------------------------

describe('DynamoDB Local ends with the local cloud', () => {
  it('stops when the cloud stops normally', async () => {
    const dynamo = await startDynamo({ port: await freePort(), region: 'ap-southeast-3' });
    expect(alive(dynamo.pid)).toBe(true);
    await dynamo.stop();
    expect(await goneWithin(dynamo.pid, 5000)).toBe(true);
  });

  /** A process of its own running DynamoDB Local as the cloud does, and the java pid it reports. */
  async function dynamoInAChild(mode: 'wait' | 'throw'): Promise<{ child: ChildProcess; pid: number }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/local-dynamo-child.ts', String(await freePort()), mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const line = await lineFrom(child, (l) => l.startsWith('{"pid":'), 60_000);
    const { pid } = JSON.parse(line) as { pid: number };
    expect(alive(pid)).toBe(true);
    return { child, pid };
  }

  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)('stops when its process gets %s', async (signal) => {
    const { child, pid } = await dynamoInAChild('wait');
    child.kill(signal);
    expect(await goneWithin(pid, 8000)).toBe(true);
  });

  it('stops when its process dies of an uncaught exception', async () => {
    const { child, pid } = await dynamoInAChild('throw');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    expect(child.exitCode).not.toBe(0);
    expect(await goneWithin(pid, 8000)).toBe(true);
  });

  describe('`npm start` (infra/local/start.ts) on a fresh DATA_DIR, then SIGKILLed', () => {
    let start: ChildProcess;
    let freshDataDir: string;
    let javaPids: number[] = [];

    beforeAll(async () => {
      freshDataDir = join(mkdtempSync(join(tmpdir(), 'sinergi-start-')), 'data');
      folders.push(join(freshDataDir, '..'));
      start = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DATA_DIR: freshDataDir,
          PORT: String(await freePort()),
          SES_PORT: String(await freePort()),
          DYNAMODB_PORT: String(await freePort()),
          SFN_PORT: String(await freePort()),
        },
      });
      children.push(start);
      await lineFrom(start, (l) => l.startsWith('Press Ctrl-C to stop.'), 540_000);
      javaPids = javaProcessesWith(join(freshDataDir, 'dynamodb'));
    }, 600_000);

    it('makes the fresh DATA_DIR 0700 and its secret files 0600', () => {
      expect(modeOf(freshDataDir)).toBe(0o700);
      expect(modeOf(join(freshDataDir, 'dynamodb'))).toBe(0o700);
      for (const file of ['link-secret', 'local-auth-key.json']) expect(modeOf(join(freshDataDir, file)), file).toBe(0o600);
      for (const file of readdirSync(join(freshDataDir, 'dynamodb'))) expect(modeOf(join(freshDataDir, 'dynamodb', file)), file).toBe(0o600);
    });

    it('leaves no DynamoDB Local java process behind', async () => {
      expect(javaPids).toHaveLength(1);
      start.kill('SIGKILL');
      expect(await goneWithin(javaPids[0]!, 8000)).toBe(true);
      expect(javaProcessesWith(join(freshDataDir, 'dynamodb'))).toEqual([]);
    });
  });
});
