import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { acknowledgeFindings } from './nag-acknowledgements.js';
import { readSettings } from './settings.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/** Builds the whole app; the CLI, the tests and the local cloud all call this. */
export function buildApp(app: App = new App()): { app: App; stateful: StatefulStack; stateless: StatelessStack } {
  // Cross-stack references stay strong (the stateful stack cannot drop what the stateless one
  // uses), said explicitly so every synthesis, in-process or by the CLI, agrees.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined)
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  // Server access logs are delivered under a bucket policy on the log bucket, not a log-delivery ACL (ACLs stay disabled).
  if (app.node.tryGetContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy') === undefined)
    app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const settings = readSettings(app);
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '000000000000',
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-3',
  };
  const prefix = `Sinergi-${settings.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    senderEmail: settings.senderEmail,
    tableName: `sinergi-${settings.stage}`,
    coordinatorThreatProtection: settings.coordinatorThreatProtection,
    description: "Sinergi: table, sender identity, link secret, coordinators' accounts",
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env,
    settings,
    tableName: `sinergi-${settings.stage}`,
    senderIdentity: stateful.senderIdentity,
    mailConfigurationSetName: stateful.mailConfigurationSet.configurationSetName,
    linkSecret: stateful.linkSecret,
    cursorSecret: stateful.cursorSecret,
    coordinatorPool: stateful.coordinatorPool,
    coordinatorClient: stateful.coordinatorClient,
    description: 'Sinergi: functions, HTTP API, workflows',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  stateless.addStackDependency(stateful);
  acknowledgeFindings(stateful, stateless);
  return { app, stateful, stateless };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
