import { startDynamo } from '../../infra/local/engines.js';

/**
 * `node --import tsx test/support/local-dynamo-child.ts <port> <wait|throw>`: starts DynamoDB
 * Local in memory as the local cloud does, prints `{"pid": <java pid>}` on one line, then waits
 * to be killed (`wait`) or dies of an uncaught exception (`throw`), never calling `stop()`.
 */
const [port, mode] = process.argv.slice(2);
const dynamo = await startDynamo({ port: Number(port), region: 'ap-southeast-3' });
process.stdout.write(`${JSON.stringify({ pid: dynamo.pid })}\n`);
if (mode === 'throw')
  setTimeout(() => {
    throw new Error('an uncaught exception, on purpose');
  }, 100);
else setInterval(() => undefined, 60_000);
