import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A function of the template, loaded from its own bundle in the cloud assembly. */
export interface LocalFunction {
  logicalId: string;
  arn: string;
  timeoutSeconds: number;
  invoke(event: unknown): Promise<unknown>;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Lambda reports a function's own error with its type; so does the local invoke. */
export class FunctionError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** How often each bundle was loaded in this process (see loadFunction). */
const loads = new Map<string, number>();

/**
 * Loads a function's bundle (the very file Lambda would run) with the function's environment
 * from the template in place while its module initializes, as a Lambda container would.
 */
export async function loadFunction(args: {
  logicalId: string;
  arn: string;
  bundleDir: string;
  handler: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
}): Promise<LocalFunction> {
  const [file, exportName] = args.handler.split('.') as [string, string];
  const path = ['.mjs', '.js'].map((ext) => join(args.bundleDir, `${file}${ext}`)).find((p) => existsSync(p));
  if (!path) throw new Error(`No bundle for ${args.logicalId} in ${args.bundleDir}`);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(args.environment)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  let handler: Handler;
  try {
    // A cloud started again in the same process starts its functions cold, as Lambda does in a
    // new container: the module is imported afresh (and reads its configuration again).
    const loaded = (loads.get(path) ?? 0) + 1;
    loads.set(path, loaded);
    const module = (await import(`${pathToFileURL(path).href}${loaded > 1 ? `?load=${loaded}` : ''}`)) as Record<string, unknown>;
    handler = module[exportName] as Handler;
    if (typeof handler !== 'function') throw new Error(`${args.logicalId}: ${args.handler} is not a function`);
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  const functionName = args.logicalId;
  return {
    logicalId: args.logicalId,
    arn: args.arn,
    timeoutSeconds: args.timeoutSeconds,
    async invoke(event) {
      const started = Date.now();
      const deadline = started + args.timeoutSeconds * 1000;
      const context = {
        awsRequestId: randomUUID(),
        functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: args.arn,
        memoryLimitInMB: String(args.memorySize),
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: 'local',
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          handler(event, context),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new FunctionError('Sandbox.Timedout', `Task timed out after ${args.timeoutSeconds} seconds`)),
              args.timeoutSeconds * 1000,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
