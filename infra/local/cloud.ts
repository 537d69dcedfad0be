import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { COORDINATORS_GROUP } from '../../shared/kernel/http/coordinators.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadAuthKey, signToken, type TokenOptions, verifyToken } from './auth.js';
import { ensureTable, type LocalDynamo, type LocalSes, localCredentials, startDynamo, startSes } from './engines.js';
import { FunctionError, type LocalFunction, loadFunction } from './functions.js';
import { type LocalJwtAuthorizer, type LocalRoute, startHttpApi } from './http-api.js';
import { ensurePrivateFile, ensurePrivateTree, PRIVATE_FILE_MODE } from './private-files.js';
import { type LocalS3, startS3 } from './s3.js';
import { startLocalSecretsManager } from './secrets-manager.js';
import { LocalStepFunctions } from './step-functions.js';
import { type LocalNames, resolve, resourcesOf, type SynthesizedStack, synthesize } from './template.js';

export interface LocalCloudOptions {
  /** API and pages. */
  port?: number;
  sesPort?: number;
  dynamoPort?: number;
  sfnPort?: number;
  s3Port?: number;
  /**
   * Keep DynamoDB data, the link secret and the running executions here (a folder readable by
   * its owner only: 0700, its files 0600); omit for an in-memory run.
   */
  dataDir?: string;
  /** Divides every Wait and every timeout of the workflows. */
  timeScale?: number;
  /** Where the app is synthesized (bundles included). */
  outdir?: string;
  /** Extra CDK context (e.g. a shorter approval chain for a test). */
  context?: Record<string, unknown>;
  /** Log level of the functions' structured logs. */
  functionLogLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Progress messages while starting. */
  onProgress?: (message: string) => void;
  /** Told every task token the local Step Functions issues (see LocalStepFunctionsOptions). */
  onTaskTokenIssued?: (taskToken: string) => void;
  /**
   * The ES256 key that bearer tokens are checked against (made if missing); default
   * `<dataDir or .data>/local-auth-key.json`, kept even for an in-memory run so that
   * `npm run token` can sign for it.
   */
  authKeyFile?: string;
}

export interface LocalCloud {
  apiUrl: string;
  sesUrl: string;
  dynamoEndpoint: string;
  sfnUrl: string;
  /** The local S3 (the functions find it in `AWS_ENDPOINT_URL_S3`), with the template's buckets. */
  s3Url: string;
  buckets: string[];
  /** The local Secrets Manager endpoint (the functions find it in `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  secretsUrl: string;
  /**
   * DynamoDB Local's java process, the port it listens on behind the `Host`-checking proxy at
   * `dynamoEndpoint`, and whether it listens on 127.0.0.1 only (else on every interface).
   */
  dynamo: { pid: number; enginePort: number; loopbackOnly: boolean };
  tableName: string;
  stateMachines: Map<string, string>;
  stepFunctions: LocalStepFunctions;
  functions: Map<string, LocalFunction>;
  /** The key file bearer tokens are checked against. */
  authKeyFile: string;
  /** A bearer token this cloud accepts for `email`, in the `coordinators` group unless `groups` says otherwise. */
  mintToken(email: string, options?: Pick<TokenOptions, 'groups' | 'expiresInSeconds'>): Promise<string>;
  stop(): Promise<void>;
}

const region = 'ap-southeast-3';
const account = '000000000000';

/**
 * Runs the synthesized app on this machine: DynamoDB Local with the template's tables, the
 * local SES, the template's state machines on the local Step Functions engine (callback
 * pattern included), and the HTTP API's routes calling the functions' own bundles.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const progress = options.onProgress ?? (() => undefined);
  const port = options.port ?? 3000;
  const sesPort = options.sesPort ?? 8005;
  const dynamoPort = options.dynamoPort ?? 8000;
  const sfnPort = options.sfnPort ?? 8083;
  const s3Port = options.s3Port ?? 4568;
  const apiUrl = `http://127.0.0.1:${port}`;
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };

  // Lambda runs Node 24; on a Node 20 development machine every copy of the SDK would warn.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  try {
    progress('synthesizing the app and bundling its functions');
    const outdir = resolvePath(options.outdir ?? 'cdk.out/local');
    const synth = synthesize(outdir, { ...options.context });

    if (options.dataDir) ensurePrivateTree(options.dataDir);
    const secret = linkSecret(options.dataDir);
    const names = localNames(synth.stacks, apiUrl);
    const authKeyFile = resolvePath(options.authKeyFile ?? join(options.dataDir ?? '.data', 'local-auth-key.json'));
    const authKey = await loadAuthKey(authKeyFile);

    progress('starting DynamoDB Local');
    const dynamo: LocalDynamo = await startDynamo({
      port: dynamoPort,
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
      region,
      cacheDir: join(dirname(outdir), 'dynamodb-local'),
    });
    stoppers.push(dynamo.stop);
    let tableName = '';
    for (const stack of synth.stacks)
      for (const table of [...resourcesOf(stack, 'AWS::DynamoDB::GlobalTable'), ...resourcesOf(stack, 'AWS::DynamoDB::Table')]) {
        tableName = names.ref(stack, table.logicalId);
        await ensureTable(dynamo.client, tableName, resolve(table.properties, stack, names) as Record<string, unknown>);
      }

    progress('starting the local SES');
    const ses: LocalSes = await startSes({ port: sesPort });
    stoppers.push(ses.stop);

    progress('starting the local S3 (storage only: it enforces no upload policy, no signature and no access rule)');
    const buckets = synth.stacks.flatMap((stack) => resourcesOf(stack, 'AWS::S3::Bucket').map((bucket) => names.ref(stack, bucket.logicalId)));
    const s3: LocalS3 = await startS3({ port: s3Port, dataDir: options.dataDir && join(options.dataDir, 's3'), buckets });
    stoppers.push(s3.stop);

    // What every function's SDK reads: the local endpoints and throw-away credentials.
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${sfnPort}`,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    delete process.env.AWS_PROFILE;

    // The template's secrets, served to the functions that may read them.
    const secrets = new Map<string, string>();
    // The link secret is kept with the data (links must survive a restart); any other is made fresh.
    for (const stack of synth.stacks)
      for (const resource of resourcesOf(stack, 'AWS::SecretsManager::Secret'))
        secrets.set(names.ref(stack, resource.logicalId), resource.logicalId.startsWith('LinkSecret') ? secret : randomBytes(48).toString('base64url'));
    const secretsManager = await startLocalSecretsManager(secrets);
    stoppers.push(secretsManager.close);
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url;

    progress('loading the functions');
    const functions = new Map<string, LocalFunction>();
    for (const stack of synth.stacks)
      for (const fn of resourcesOf(stack, 'AWS::Lambda::Function')) {
        const p = resolve(fn.properties, stack, names) as {
          Handler: string;
          Code: { S3Key?: string };
          Environment?: { Variables?: Record<string, string> };
          Timeout?: number;
          MemorySize?: number;
        };
        const hash = p.Code.S3Key?.replace(/\.zip$/, '');
        const bundleDir = hash && join(outdir, `asset.${hash}`);
        if (!bundleDir || !existsSync(bundleDir)) continue;
        const environment = { ...(p.Environment?.Variables ?? {}) };
        if (options.functionLogLevel) environment.POWERTOOLS_LOG_LEVEL = options.functionLogLevel;
        const arn = names.getAtt(stack, fn.logicalId, 'Arn');
        functions.set(
          arn,
          await loadFunction({
            logicalId: fn.logicalId,
            arn,
            bundleDir,
            handler: p.Handler,
            environment,
            timeoutSeconds: p.Timeout ?? 3,
            memorySize: p.MemorySize ?? 128,
          }),
        );
      }
    const byName = new Map([...functions.values()].map((f) => [f.logicalId, f]));
    const findFunction = (arnOrName: string) => functions.get(arnOrName) ?? byName.get(arnOrName.split(':').pop() ?? arnOrName);

    progress('starting the local Step Functions');
    const stepFunctions = new LocalStepFunctions({
      timeScale: options.timeScale ?? 1,
      // With a data folder, running workflows are resumed after a restart, like the data.
      journalFile: options.dataDir && join(options.dataDir, 'executions.json'),
      onTaskTokenIssued: options.onTaskTokenIssued,
      invokeFunction: async (arnOrName, payload) => {
        const fn = findFunction(arnOrName);
        if (!fn) throw new FunctionError('Lambda.ResourceNotFoundException', `Function not found: ${arnOrName}`);
        return fn.invoke(payload);
      },
    });
    const stateMachines = new Map<string, string>();
    for (const stack of synth.stacks)
      for (const sm of resourcesOf(stack, 'AWS::StepFunctions::StateMachine')) {
        const arn = names.ref(stack, sm.logicalId);
        const definition = JSON.parse(String(resolve(sm.properties.DefinitionString, stack, names))) as object;
        stepFunctions.registerStateMachine(arn, definition);
        stateMachines.set(String(sm.properties.StateMachineName ?? sm.logicalId), arn);
      }
    const sfn = await stepFunctions.listen(sfnPort);
    stoppers.push(() => stepFunctions.close());

    progress('serving the HTTP API');
    const routes: LocalRoute[] = [];
    // Locally every JWT authorizer checks tokens against the local key, with the local issuer and
    // audience in place of the template's (the user pool's issuer and its app client's id).
    const localJwt = (identitySource: string[]): LocalJwtAuthorizer => ({
      identitySource,
      verify: (token) => verifyToken(authKey, token, { issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE] }),
    });
    for (const stack of synth.stacks) {
      const integrations = new Map(
        resourcesOf(stack, 'AWS::ApiGatewayV2::Integration').map((i) => [i.logicalId, String(resolve(i.properties.IntegrationUri, stack, names))]),
      );
      const authorizers = new Map(resourcesOf(stack, 'AWS::ApiGatewayV2::Authorizer').map((a) => [a.logicalId, a.properties]));
      for (const route of resourcesOf(stack, 'AWS::ApiGatewayV2::Route')) {
        const [method, path] = String(route.properties.RouteKey).split(' ') as [string, string];
        const target = route.properties.Target as { 'Fn::Join': [string, unknown[]] } | string;
        const integrationId = JSON.stringify(target).match(/"Ref":"([^"]+)"/)?.[1];
        const fn = integrationId ? findFunction(integrations.get(integrationId) ?? '') : undefined;
        if (!fn) throw new Error(`Route ${method} ${path} has no local function`);
        const authorization = String(route.properties.AuthorizationType ?? 'NONE');
        if (authorization === 'NONE') {
          routes.push({ method, path, fn });
          continue;
        }
        const authorizerId = (route.properties.AuthorizerId as { Ref?: string } | undefined)?.Ref;
        const authorizer = authorizerId ? authorizers.get(authorizerId) : undefined;
        if (authorization !== 'JWT' || authorizer?.AuthorizerType !== 'JWT')
          throw new Error(`Route ${method} ${path}: only JWT authorizers run locally (found ${authorization})`);
        const identitySource = (authorizer.IdentitySource as string[] | undefined) ?? ['$request.header.Authorization'];
        const authorizationScopes = route.properties.AuthorizationScopes as string[] | undefined;
        routes.push({ method, path, fn, authorizer: localJwt(identitySource), ...(authorizationScopes ? { authorizationScopes } : {}) });
      }
    }
    const server: Server = await startHttpApi(routes, port);
    stoppers.push(() => new Promise((r) => server.close(() => r())));

    const resumed = stepFunctions.resumeFromJournal();
    if (resumed) progress(`resumed ${resumed} workflow execution(s) that were running at the last stop`);

    return {
      apiUrl,
      sesUrl: ses.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      sfnUrl: sfn.url,
      s3Url: s3.endpoint,
      buckets: s3.buckets,
      secretsUrl: secretsManager.url,
      dynamo: { pid: dynamo.pid, enginePort: dynamo.enginePort, loopbackOnly: dynamo.loopbackOnly },
      tableName,
      stateMachines,
      stepFunctions,
      functions,
      authKeyFile,
      mintToken: (email, tokenOptions = {}) => signToken(authKey, email, { groups: [COORDINATORS_GROUP], ...tokenOptions }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The deployment's link secret, locally: kept beside the data (so links survive a restart) in a
 * file only its owner may read, or fresh in memory.
 */
function linkSecret(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(48).toString('base64url');
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: PRIVATE_FILE_MODE });
  ensurePrivateFile(file);
  return readFileSync(file, 'utf8').trim();
}

function localNames(stacks: SynthesizedStack[], apiUrl: string): LocalNames {
  const typeOf = (stack: SynthesizedStack, id: string) => stack.template.Resources[id]?.Type;
  const names: LocalNames = {
    region,
    account,
    imports: new Map(),
    ref(stack, id) {
      const resource = stack.template.Resources[id];
      switch (resource?.Type) {
        case 'AWS::StepFunctions::StateMachine':
          return `arn:aws:states:${region}:${account}:stateMachine:${String(resource.Properties?.StateMachineName ?? id)}`;
        case 'AWS::SecretsManager::Secret':
          return `arn:aws:secretsmanager:${region}:${account}:secret:${id}`;
        case 'AWS::SES::EmailIdentity':
          return String(resource.Properties?.EmailIdentity);
        case 'AWS::DynamoDB::GlobalTable':
        case 'AWS::DynamoDB::Table':
          return String(resource.Properties?.TableName ?? `sinergi-${id}`);
        case 'AWS::S3::Bucket':
          return resource.Properties?.BucketName ? String(resolve(resource.Properties.BucketName, stack, names)) : id.toLowerCase();
        default:
          return id;
      }
    },
    getAtt(stack, id, attribute) {
      const type = typeOf(stack, id);
      if (type === 'AWS::ApiGatewayV2::Api' && attribute === 'ApiEndpoint') return apiUrl;
      if (attribute === 'Arn')
        switch (type) {
          case 'AWS::Lambda::Function':
            return `arn:aws:lambda:${region}:${account}:function:${id}`;
          case 'AWS::DynamoDB::GlobalTable':
          case 'AWS::DynamoDB::Table':
            return `arn:aws:dynamodb:${region}:${account}:table/${names.ref(stack, id)}`;
          case 'AWS::Logs::LogGroup':
            return `arn:aws:logs:${region}:${account}:log-group:${id}:*`;
          case 'AWS::IAM::Role':
            return `arn:aws:iam::${account}:role/${id}`;
          case 'AWS::S3::Bucket':
            return `arn:aws:s3:::${names.ref(stack, id)}`;
          default:
            return names.ref(stack, id);
        }
      return `${id}.${attribute}`;
    },
  };
  // Exports first, in stack order (the stateful stack exports what the stateless one imports).
  for (const stack of stacks)
    for (const output of Object.values(stack.template.Outputs ?? {}))
      if (output.Export) names.imports.set(String(resolve(output.Export.Name, stack, names)), String(resolve(output.Value, stack, names)));
  return names;
}
