import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { UnscopedGrants } from './unscoped-grants.js';

export interface SinergiFunctionProps {
  /** Path of the handler file, relative to the project root (e.g. `functions/proposals/submit-api.ts`). */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  timeout?: Duration;
  memorySize?: number;
  /** Instances kept for this function alone, so a flood on other routes cannot starve it. */
  reservedConcurrentExecutions?: number;
}

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A Lambda function with the project's defaults: arm64 on a maintained Node runtime, an ESM
 * bundle built by the local esbuild for node20 (so the same bundle runs on a development
 * machine), the AWS SDK bundled in (faster cold starts than the runtime's copy), JSON logs
 * kept for a set time, and tracing on. Its role holds only what it is granted: the X-Ray
 * permission, which exists only on "*", comes from the stack's one traces policy, so the
 * function's own policy never needs a wildcard.
 */
export class SinergiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: SinergiFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    super(scope, id, {
      entry: `${projectRoot}/${props.entry}`,
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      timeout: props.timeout ?? Duration.seconds(15),
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'sinergi',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node20',
        minify: true,
        sourceMap: false,
        externalModules: [],
        mainFields: ['module', 'main'],
        // The AWS SDK still calls require() for Node built-ins; ESM bundles need one defined.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        forceDockerBundling: false,
        // The credentials a function has are in its environment: the SDK's default chain is left out (functions/lib/environment-credentials.ts).
        esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': `${projectRoot}/functions/lib/environment-credentials.ts` },
      },
    });
    // Tracing is set on the resource itself: the `tracing` property would add the "*" grant to
    // the function's own policy, where an acknowledgement of it would cover any other wildcard too.
    const resource = this.node.defaultChild as CfnFunction;
    resource.tracingConfig = { mode: Tracing.ACTIVE };
    UnscopedGrants.attach('FunctionTraces', this.role!, resource);
  }
}
