import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { defaultAuthKeyFile } from './auth.js';
import { startLocalCloud } from './cloud.js';
import { LOCAL_S3_NOTICE } from './s3.js';

/**
 * `npm start`: the whole backend on this machine. Ports come from PORT, SES_PORT,
 * DYNAMODB_PORT, SFN_PORT and S3_PORT; TIME_SCALE shortens every wait; `--in-memory` (or
 * IN_MEMORY=1) keeps no data, otherwise it stays in `.data/`.
 */
const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write(
    'Usage: npm start [-- --in-memory]\n' +
      'Environment: PORT (3000), SES_PORT (8005), DYNAMODB_PORT (8000), SFN_PORT (8083), S3_PORT (4568), TIME_SCALE (1), IN_MEMORY (0), DATA_DIR (.data)\n',
  );
  process.exit(0);
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`${name} must be a positive number, not "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const inMemory = values['in-memory'] || process.env.IN_MEMORY === '1';
const timeScale = positive('TIME_SCALE', 1);
const started = Date.now();
const cloud = await startLocalCloud({
  port: positive('PORT', 3000),
  sesPort: positive('SES_PORT', 8005),
  dynamoPort: positive('DYNAMODB_PORT', 8000),
  sfnPort: positive('SFN_PORT', 8083),
  s3Port: positive('S3_PORT', 4568),
  timeScale,
  dataDir: inMemory ? undefined : (process.env.DATA_DIR ?? '.data'),
  // Kept even in memory, so `npm run token` signs with the key this cloud checks.
  authKeyFile: defaultAuthKeyFile(),
  onProgress: (message) => process.stdout.write(`… ${message}\n`),
}).catch((error: Error) => {
  process.stderr.write(`Could not start the local cloud: ${error.message}\n`);
  process.exit(1);
});

process.stdout.write(
  [
    '',
    `Sinergi is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
    `  Proposal form     ${cloud.apiUrl}/proposals/new`,
    `  Placements        ${cloud.apiUrl}/placements`,
    `  Coordinators' API ${cloud.apiUrl}/api/proposals?status=IN_REVIEW  (bearer token: npm run token -- you@example.go.id)`,
    `  API and pages     ${cloud.apiUrl}`,
    `  Local inbox       ${cloud.sesUrl}`,
    `  DynamoDB Local    ${cloud.dynamoEndpoint}  (${cloud.dynamo.loopbackOnly ? 'table' : 'no JDK found: DynamoDB Local itself listens on all interfaces, behind this address; table'} ${cloud.tableName})`,
    `  Step Functions    ${cloud.sfnUrl}`,
    `  S3 (local)        ${cloud.s3Url}  (buckets ${cloud.buckets.join(', ')})`,
    `                    ${LOCAL_S3_NOTICE}`,
    `  Data              ${inMemory ? 'in memory (gone when stopped)' : `${process.env.DATA_DIR ?? '.data'}/ (kept across restarts, readable by you only)`}`,
    `  Time scale        ${timeScale === 1 ? 'real time (TIME_SCALE=86400 turns days into seconds)' : `${timeScale}× faster waits and timeouts`}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

// Every way out stops the cloud. Should this process die without running any of this (a
// SIGKILL), DynamoDB Local's watchdog sees its pipe close and ends java all the same.
let stopping = false;
function stopAndExit(code: number): void {
  if (stopping) return;
  stopping = true;
  void Promise.race([cloud.stop(), sleep(10_000)]).finally(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    process.stdout.write('\nStopping…\n');
    stopAndExit(0);
  });
for (const event of ['uncaughtException', 'unhandledRejection'] as const)
  process.on(event, (error: unknown) => {
    process.stderr.write(`The local cloud stops after an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    stopAndExit(1);
  });
