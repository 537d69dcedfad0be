import { App, Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CDK_APP_MODE_CONTEXT, VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { buildApp } from '../../infra/app.js';
import { ApprovalLevel } from '../../shared/config.js';

// ---------------------------------------------------------------------------------------------
// Reading the synthesized templates
// ---------------------------------------------------------------------------------------------

/** Only the template is needed here: skip esbuild. */
const templateOnly = { 'aws:cdk:bundling-stacks': [] };
const DAY = 86_400;

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
}
interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Choices?: { Variable?: string; StringEquals?: string; Next: string }[];
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

interface Synthesized {
  app: App;
  stateful: Stack;
  stateless: Stack;
  statefulTemplate: Template;
  statelessTemplate: Template;
}

function synth(context: Record<string, unknown> = {}): Synthesized {
  const { app, stateful, stateless } = buildApp(new App({ context: { ...templateOnly, ...context } }));
  return { app, stateful, stateless, statefulTemplate: Template.fromStack(stateful), statelessTemplate: Template.fromStack(stateless) };
}

const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

const toArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * A CloudFormation value as one string: `Fn::Join` is joined, and every other intrinsic becomes
 * a quote-free placeholder (`${Ref:AWS::Partition}`, `${Fn.Arn}`, `${Import:name}`), so a
 * joined state machine definition is still valid JSON.
 */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const v = value as Record<string, unknown>;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if ('Ref' in v) return `\${Ref:${String(v.Ref)}}`;
  if ('Fn::GetAtt' in v) return `\${${toArray(v['Fn::GetAtt'] as string | string[]).join('.')}}`;
  if ('Fn::ImportValue' in v) return `\${Import:${flatten(v['Fn::ImportValue'])}}`;
  return '${?}';
}

/** Logical id of one of the stack's own constructs (e.g. the function `DecisionPage`); a missing one fails where it is used. */
function logicalIdOf(stack: Stack, constructId: string): string {
  const child = stack.node.tryFindChild(constructId);
  return child ? stack.getLogicalId((child.node.defaultChild ?? child) as CfnElement) : `(no construct ${constructId})`;
}

/** Every statement a function's role is granted: inline policies and attached `AWS::IAM::Policy`s. */
function statementsOf(template: Template, functionId: string): Statement[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId];
  if (!fn) throw new Error(`No function ${functionId}`);
  const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = template.toJSON().Resources[roleId] as CfnResource;
  const inline = toArray(role.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}

/** IAM matching: actions are case-insensitive and may hold `*` and `?` wildcards. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}
function allows(statements: Statement[], action: string): boolean {
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    if (s.NotAction) return !toArray(s.NotAction).some((p) => actionMatches(p, action));
    return toArray(s.Action).some((p) => actionMatches(p, action));
  });
}
/** The statements that grant any action of a service (`states`, `ses`, ...). */
const statementsFor = (statements: Statement[], service: string) =>
  statements.filter((s) => s.Effect === 'Allow' && (s.NotAction !== undefined || toArray(s.Action).some((a) => a.toLowerCase().startsWith(`${service}:`) || a === '*')));

/** The state machine's definition, parsed from its `DefinitionString`. */
function aslOf(template: Template): Asl {
  const [machine] = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'));
  if (!machine) throw new Error('No state machine');
  return JSON.parse(flatten(machine.Properties?.DefinitionString)) as Asl;
}

const isWaitForPerson = (state: AslState) => state.Type === 'Task' && (state.Resource ?? '').endsWith('.waitForTaskToken');
const timeoutCatch = (state: AslState) => state.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));

/** The states an all-approve run passes through: every Next, and at each Choice the `approve` branch. */
function approvalPath(asl: Asl): string[] {
  const path: string[] = [];
  let name: string | undefined = asl.StartAt;
  while (name && !path.includes(name)) {
    path.push(name);
    const state: AslState = asl.States[name]!;
    name = state.Type === 'Choice' ? state.Choices?.find((c) => c.Variable === '$.decision.action' && c.StringEquals === 'approve')?.Next : state.Next;
  }
  return path;
}

/** Every person-waiting state of a chain, with the time it waits and where its timeout leads. */
function expectedWaits(roles: string[], days: { reminder: number; escalate: number; backup: number; revision: number }) {
  const waits: Record<string, { timeoutSeconds: number; onTimeout: string }> = {
    'Wait for revision': { timeoutSeconds: days.revision * DAY, onTimeout: 'Close unrevised proposal' },
  };
  roles.forEach((role, i) => {
    const label = `Level ${i + 1} (${role})`;
    waits[`${label}: ask`] = { timeoutSeconds: days.reminder * DAY, onTimeout: `${label}: remind` };
    waits[`${label}: remind`] = { timeoutSeconds: (days.escalate - days.reminder) * DAY, onTimeout: `${label}: escalate to backup` };
    waits[`${label}: escalate to backup`] = { timeoutSeconds: days.backup * DAY, onTimeout: `${label}: expire` };
  });
  return waits;
}

/** What the person-waiting states of `asl` actually do, in the shape of `expectedWaits`. */
function actualWaits(asl: Asl) {
  return Object.fromEntries(
    Object.entries(asl.States)
      .filter(([, state]) => isWaitForPerson(state))
      .map(([name, state]) => [name, { timeoutSeconds: state.TimeoutSeconds, onTimeout: timeoutCatch(state)?.Next }]),
  );
}

const defaultDays = { reminder: 3, escalate: 5, backup: 3, revision: 14 };

// ---------------------------------------------------------------------------------------------

const pageFunctions = ['DecisionPage', 'TrackPage', 'TrackApi', 'ProposalFormPage', 'RevisionPage'];
const startFunctions = ['ProposalFormSubmit', 'ProposalApiSubmit'];
const respondFunctions = ['DecisionSubmit', 'RevisionSubmit'];
const reviewTask = 'ProposalReviewTask';
const allFunctions = [...pageFunctions, ...startFunctions, ...respondFunctions, reviewTask];
const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'];

describe('the Sinergi CDK app (default context)', () => {
  let app: Synthesized;
  /** Logical id of each function, by its construct id. */
  const fnId: Record<string, string> = {};
  let lambdas: Record<string, CfnResource>;
  let stateMachineArn: string;

  beforeAll(() => {
    app = synth();
    for (const name of allFunctions) fnId[name] = logicalIdOf(app.stateless, name);
    lambdas = resourcesOf(app.statelessTemplate, 'AWS::Lambda::Function');
    const [machine] = Object.values(resourcesOf(app.statelessTemplate, 'AWS::StepFunctions::StateMachine'));
    stateMachineArn = `arn:\${Ref:AWS::Partition}:states:ap-southeast-3:000000000000:stateMachine:${String(machine?.Properties?.StateMachineName)}`;
  });

  describe('the table (stateful stack)', () => {
    const table = () => {
      const tables = Object.values(resourcesOf(app.statefulTemplate, 'AWS::DynamoDB::GlobalTable'));
      expect(tables).toHaveLength(1);
      return tables[0]!;
    };

    it('is keyed by pk (hash) and sk (range), both strings', () => {
      expect(table().Properties?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(table().Properties?.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
      );
    });

    it('has the list index gsi1 on gsi1pk / gsi1sk', () => {
      app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
          }),
        ]),
      });
    });

    it('is billed on demand', () => {
      expect(table().Properties?.BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('expires items by their ttl attribute', () => {
      expect(table().Properties?.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    });

    it('has point-in-time recovery and deletion protection on its replica', () => {
      const replicas = table().Properties?.Replicas as Record<string, unknown>[];
      expect(replicas).toHaveLength(1);
      expect(replicas[0]).toMatchObject({
        Region: 'ap-southeast-3',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('is the table every function is told to use', () => {
      const name = table().Properties?.TableName;
      expect(name).toBe('sinergi-dev');
      for (const fn of Object.values(lambdas)) expect((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME).toBe(name);
    });

    it('keeps the link secret when the stack goes (links in flight are derived from it)', () => {
      const secrets = resourcesOf(app.statefulTemplate, 'AWS::SecretsManager::Secret');
      expect(Object.keys(secrets).sort()).toEqual([logicalIdOf(app.stateful, 'CursorSecret'), logicalIdOf(app.stateful, 'LinkSecret')].sort());
      expect(secrets[logicalIdOf(app.stateful, 'LinkSecret')]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  describe('every Lambda function', () => {
    const env = (id: string) => (lambdas[id]!.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;

    it('exists for each handler', () => {
      for (const name of allFunctions) expect(lambdas[fnId[name]!], name).toBeDefined();
    });

    it('runs on nodejs24.x (a maintained runtime, nodejs22.x or newer) on arm64', () => {
      for (const [id, fn] of Object.entries(lambdas)) {
        const runtime = String(fn.Properties?.Runtime);
        expect(Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]), id).toBeGreaterThanOrEqual(22);
        expect(runtime, id).toBe('nodejs24.x');
        expect(fn.Properties?.Architectures, id).toEqual(['arm64']);
      }
    });

    it('has active tracing and JSON logs in its own log group with a retention', () => {
      const logGroups = resourcesOf(app.statelessTemplate, 'AWS::Logs::LogGroup');
      for (const [id, fn] of Object.entries(lambdas)) {
        expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
        const logging = fn.Properties?.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
        expect(logging.LogFormat, id).toBe('JSON');
        const group = logGroups[logging.LogGroup.Ref];
        expect(group, `${id} log group`).toBeDefined();
        expect(group!.Properties?.RetentionInDays, id).toBe(90);
      }
    });

    it('gets the name of the table and the ARN of the proposal review state machine', () => {
      for (const id of Object.keys(lambdas)) {
        expect(env(id).TABLE_NAME, id).toBe('sinergi-dev');
        expect(flatten(env(id).PROPOSAL_WORKFLOW_ARN), id).toBe(stateMachineArn);
      }
    });

    it('gets the public base address (the HTTP API by default) and the sender address', () => {
      const apiId = logicalIdOf(app.stateless, 'HttpApi');
      for (const id of Object.keys(lambdas)) {
        expect(env(id).PUBLIC_BASE_URL, id).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
        expect(env(id).SENDER_EMAIL, id).toBe('sinergi@bkpsdm.surakarta.go.id');
      }
    });

    it('never gets a secret itself in its environment; only the functions that need one learn where it is', () => {
      const minting = new Set(['ProposalFormSubmit', 'ProposalApiSubmit', 'RevisionSubmit', 'ProposalReviewTask'].map((name) => fnId[name]));
      const listing = logicalIdOf(app.stateless, 'CoordinatorListProposals');
      for (const id of Object.keys(lambdas)) {
        const variables = env(id);
        expect(flatten(variables), id).not.toContain('{{resolve:');
        expect(variables).not.toHaveProperty('LINK_SECRET');
        if (minting.has(id)) expect(flatten(variables.LINK_SECRET_ARN), id).toMatch(/LinkSecret/);
        else expect(variables, id).not.toHaveProperty('LINK_SECRET_ARN');
        if (id === listing) expect(flatten(variables.CURSOR_SECRET_ARN), id).toMatch(/CursorSecret/);
        else expect(variables, id).not.toHaveProperty('CURSOR_SECRET_ARN');
      }
    });

    it('lets only the functions that mint links read the link secret, and only the list read the cursor key', () => {
      const secretsReadBy = (name: string) =>
        statementsOf(app.statelessTemplate, fnId[name] ?? logicalIdOf(app.stateless, name))
          .filter((s) => toArray(s.Action).includes('secretsmanager:GetSecretValue'))
          .flatMap((s) => toArray(s.Resource).map(flatten));
      const minting = ['ProposalFormSubmit', 'ProposalApiSubmit', 'RevisionSubmit', 'ProposalReviewTask'];
      for (const name of allFunctions) {
        const read = secretsReadBy(name);
        if (minting.includes(name)) expect(read.length && read.every((r) => /LinkSecret/.test(r)), name).toBe(true);
        else expect(read, name).toEqual([]);
      }
      const listRead = secretsReadBy('CoordinatorListProposals');
      expect(listRead.length && listRead.every((r) => /CursorSecret/.test(r))).toBe(true);
    });

    it('gets the approval chain as JSON, each level with an approver and a backup', () => {
      for (const id of Object.keys(lambdas)) {
        const chain = z.array(ApprovalLevel).parse(JSON.parse(String(env(id).APPROVAL_CHAIN)));
        expect(chain.map((level) => level.role), id).toEqual(['coordinator', 'head']);
        for (const level of chain) {
          expect(level.approver.email, id).toMatch(/@/);
          expect(level.backup.email, id).toMatch(/@/);
        }
      }
    });

    it('gets the maximum number of review rounds', () => {
      for (const id of Object.keys(lambdas)) expect(env(id).MAX_REVIEW_ROUNDS, id).toBe('3');
    });
  });

  describe('IAM', () => {
    const statements = (name: string) => statementsOf(app.statelessTemplate, fnId[name]!);

    it.each(pageFunctions)('%s (serves GET) cannot write to the table nor touch any workflow', (name) => {
      const granted = statements(name);
      expect(allows(granted, 'dynamodb:GetItem')).toBe(true);
      for (const action of tableWrites) expect(allows(granted, action), action).toBe(false);
      expect(statementsFor(granted, 'states')).toEqual([]);
    });

    it.each(allFunctions)('%s deletes items only if it is a submit function, and never writes in batches', (name) => {
      const granted = statements(name);
      expect(allows(granted, 'dynamodb:DeleteItem')).toBe(startFunctions.includes(name));
      expect(allows(granted, 'dynamodb:BatchWriteItem')).toBe(false);
    });

    it.each(allFunctions)('%s may query the table and its secondary indexes', (name) => {
      const resources = statementsFor(statements(name), 'dynamodb').flatMap((s) => toArray(s.Resource).map(flatten));
      expect(resources.some((r) => r.endsWith(':table/sinergi-dev'))).toBe(true);
      expect(resources.some((r) => r.endsWith(':table/sinergi-dev/index/*'))).toBe(true);
    });

    it.each(respondFunctions)('%s may answer waiting tasks of the proposal review state machine only', (name) => {
      const granted = statementsFor(statements(name), 'states');
      expect(allows(granted, 'states:SendTaskSuccess')).toBe(true);
      for (const s of granted) {
        for (const action of toArray(s.Action)) expect(['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']).toContain(action);
        expect(toArray(s.Resource).map(flatten)).toEqual([stateMachineArn]);
      }
      expect(allows(granted, 'states:StartExecution')).toBe(false);
    });

    it.each(startFunctions)('%s may start the proposal review state machine only', (name) => {
      const granted = statementsFor(statements(name), 'states');
      expect(granted.length).toBeGreaterThan(0);
      for (const s of granted) {
        expect(toArray(s.Action)).toEqual(['states:StartExecution']);
        expect(toArray(s.Resource).map(flatten)).toEqual([stateMachineArn]);
      }
    });

    it('lets only the submit functions start executions', () => {
      const starters = allFunctions.filter((name) => allows(statements(name), 'states:StartExecution'));
      expect(starters.sort()).toEqual([...startFunctions].sort());
    });

    it('lets only the decision and revision submissions and the review task answer waiting tasks', () => {
      const responders = allFunctions.filter((name) => allows(statements(name), 'states:SendTaskSuccess'));
      expect(responders.sort()).toEqual([...respondFunctions, reviewTask].sort());
    });

    it('lets only the review task send email, and only from the sender identity', () => {
      const senders = allFunctions.filter((name) => allows(statements(name), 'ses:SendEmail') || allows(statements(name), 'ses:SendRawEmail'));
      expect(senders).toEqual([reviewTask]);
      for (const s of statementsFor(statements(reviewTask), 'ses'))
        expect(toArray(s.Resource).map(flatten)).toEqual([expect.stringMatching(/:ses:ap-southeast-3:000000000000:identity\/\$\{Import:[^}]*Sender/)]);
      // No other role in the stack (the state machine's included) may send mail either.
      const roleOfReviewTask = (lambdas[fnId[reviewTask]!]!.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      for (const [id, policy] of Object.entries(resourcesOf(app.statelessTemplate, 'AWS::IAM::Policy'))) {
        const document = policy.Properties?.PolicyDocument as { Statement: Statement[] };
        if (allows(document.Statement, 'ses:SendEmail')) expect(JSON.stringify(policy.Properties?.Roles), id).toContain(roleOfReviewTask);
      }
    });

    it('grants no function a wildcard action', () => {
      for (const name of allFunctions)
        for (const s of statements(name)) for (const action of toArray(s.Action)) expect(action, name).not.toMatch(/^\*$|:\*$/);
    });
  });

  describe('the HTTP API', () => {
    /** `METHOD /path` → logical id of the function its integration invokes. */
    const routes = () => {
      const integrations = resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Integration');
      return Object.fromEntries(
        Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Route')).map((route) => {
          const integrationId = /\$\{Ref:([^}]+)\}/.exec(flatten(route.Properties?.Target))?.[1] ?? '';
          const integration = integrations[integrationId];
          return [String(route.Properties?.RouteKey), (integration?.Properties?.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]];
        }),
      );
    };

    it('routes each page, form and link to the function meant for it', () => {
      const expected: Record<string, string> = {
        'GET /decide/{token}': 'DecisionPage',
        'HEAD /decide/{token}': 'DecisionPage',
        'POST /decide/{token}': 'DecisionSubmit',
        'POST /api/proposals': 'ProposalApiSubmit',
        'POST /proposals': 'ProposalFormSubmit',
        'GET /proposals/new': 'ProposalFormPage',
        'GET /track/{token}': 'TrackPage',
        'GET /api/track/{token}': 'TrackApi',
        'GET /proposals/edit/{token}': 'RevisionPage',
        'POST /proposals/edit/{token}': 'RevisionSubmit',
      };
      expect(routes()).toMatchObject(Object.fromEntries(Object.entries(expected).map(([key, name]) => [key, fnId[name]])));
    });

    it('serves every GET and HEAD route with a function that cannot write to the table', () => {
      const reads = Object.entries(routes()).filter(([key]) => /^(GET|HEAD) /.test(key));
      expect(reads.length).toBeGreaterThan(0);
      for (const [key, functionId] of reads) {
        const granted = statementsOf(app.statelessTemplate, functionId);
        for (const action of tableWrites) expect(allows(granted, action), `${key}: ${action}`).toBe(false);
      }
    });

    it('integrates with Lambda through payload format 2.0', () => {
      for (const [id, integration] of Object.entries(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Integration')))
        expect(integration.Properties, id).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    });

    it('has a $default stage with access logs (kept for a while) and throttling', () => {
      const stages = Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Stage'));
      expect(stages).toHaveLength(1);
      const stage = stages[0]!.Properties as {
        StageName: string;
        AutoDeploy: boolean;
        AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
        DefaultRouteSettings: { ThrottlingBurstLimit: number; ThrottlingRateLimit: number };
      };
      expect(stage.StageName).toBe('$default');
      expect(stage.AutoDeploy).toBe(true);
      const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
      expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
      const logGroup = resourcesOf(app.statelessTemplate, 'AWS::Logs::LogGroup')[stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]];
      expect(logGroup?.Properties?.RetentionInDays).toBe(90);
      expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
      expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    });
  });

  describe('the proposal review state machine', () => {
    let asl: Asl;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate);
    });

    it('is a STANDARD workflow with tracing, and logs without execution data (task tokens stay out of logs)', () => {
      const [machine] = Object.values(resourcesOf(app.statelessTemplate, 'AWS::StepFunctions::StateMachine'));
      expect(machine?.Properties).toMatchObject({
        StateMachineName: 'sinergi-dev-proposal-review',
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      const destination = (machine!.Properties!.LoggingConfiguration as { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }[] }).Destinations;
      expect(destination).toHaveLength(1);
      const logGroup = resourcesOf(app.statelessTemplate, 'AWS::Logs::LogGroup')[destination[0]!.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]];
      expect(logGroup?.Properties?.RetentionInDays).toBe(90);
    });

    it('gives every wait for a person a timeout, whose States.Timeout leads to the next escalation', () => {
      expect(actualWaits(asl)).toEqual(expectedWaits(['coordinator', 'head'], defaultDays));
    });

    it('waits 3 days before the reminder, 2 more before the backup, 3 for the backup and 14 for a revision', () => {
      expect(asl.States['Level 1 (coordinator): ask']?.TimeoutSeconds).toBe(259_200);
      expect(asl.States['Level 1 (coordinator): remind']?.TimeoutSeconds).toBe(172_800);
      expect(asl.States['Level 1 (coordinator): escalate to backup']?.TimeoutSeconds).toBe(259_200);
      expect(asl.States['Wait for revision']?.TimeoutSeconds).toBe(1_209_600);
    });

    it('catches a timeout before the catch-all (States.ALL must come last)', () => {
      for (const [name, state] of Object.entries(asl.States).filter(([, s]) => isWaitForPerson(s))) {
        const errors = state.Catch!.map((c) => c.ErrorEquals.join(','));
        expect(errors.indexOf('States.Timeout'), name).toBeLessThan(errors.indexOf('States.ALL'));
      }
    });

    it('gives every Task a Retry and a catch-all on States.ALL, as its last Catch', () => {
      const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, task] of tasks) {
        expect(task.Retry?.length, `${name}: Retry`).toBeGreaterThan(0);
        expect(task.Catch?.at(-1)?.ErrorEquals, `${name}: Catch`).toEqual(['States.ALL']);
        expect(asl.States[task.Catch!.at(-1)!.Next], name).toBeDefined();
      }
    });

    it('sends every failure to a task that closes the proposal, and only then fails the execution', () => {
      for (const [name, task] of Object.entries(asl.States).filter(([, s]) => s.Type === 'Task')) {
        const next = task.Catch!.at(-1)!.Next;
        expect(next, name).toBe(name === 'Close after failure' ? 'Review failed' : 'Close after failure');
      }
      expect(asl.States['Close after failure']?.Next).toBe('Review failed');
      expect(asl.States['Review failed']?.Type).toBe('Fail');
    });

    it('runs the chain in order: receipt, level 1 (coordinator), level 2 (head), then the partnership', () => {
      expect(approvalPath(asl)).toEqual([
        'Send receipt',
        'Level 1 (coordinator): ask',
        'Level 1 (coordinator): decision?',
        'Level 2 (head): ask',
        'Level 2 (head): decision?',
        'Create partnership and notify',
        'Approved',
      ]);
    });

    it('restarts the chain at level 1 after a revision', () => {
      expect(asl.States['Wait for revision']?.Next).toBe('Level 1 (coordinator): ask');
    });

    it('ends a level nobody answered, after its backup, in the Expired end state', () => {
      for (const label of ['Level 1 (coordinator)', 'Level 2 (head)']) {
        const expire = timeoutCatch(asl.States[`${label}: escalate to backup`]!)?.Next;
        expect(expire).toBe(`${label}: expire`);
        const late = asl.States[expire!]!.Next!;
        expect(asl.States[late]?.Type).toBe('Choice');
        expect(asl.States[late]?.Choices?.map((c) => c.Next)).toContain('Expired');
      }
      expect(asl.States.Expired?.Type).toBe('Succeed');
    });
  });
});

describe('the Sinergi CDK app with other settings', () => {
  it('generates one level per entry of a three-level approval chain', () => {
    const person = (name: string) => ({ name, email: `${name.toLowerCase()}@bkpsdm.surakarta.go.id` });
    const approvalChain = [
      { role: 'coordinator', approver: person('Koordinator'), backup: person('Sekretaris') },
      { role: 'secretary', approver: person('Sekretaris'), backup: person('Kabid') },
      { role: 'head', approver: person('Kepala'), backup: person('Sekretaris') },
    ];
    const { statelessTemplate } = synth({ approvalChain });
    const asl = aslOf(statelessTemplate);

    expect(approvalPath(asl)).toEqual([
      'Send receipt',
      'Level 1 (coordinator): ask',
      'Level 1 (coordinator): decision?',
      'Level 2 (secretary): ask',
      'Level 2 (secretary): decision?',
      'Level 3 (head): ask',
      'Level 3 (head): decision?',
      'Create partnership and notify',
      'Approved',
    ]);
    expect(actualWaits(asl)).toEqual(expectedWaits(['coordinator', 'secretary', 'head'], defaultDays));
    for (const fn of Object.values(resourcesOf(statelessTemplate, 'AWS::Lambda::Function'))) {
      const chain = JSON.parse(String((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.APPROVAL_CHAIN)) as { role: string }[];
      expect(chain.map((level) => level.role)).toEqual(['coordinator', 'secretary', 'head']);
    }
  });

  it('sends the reminder after reminderAfterDays', () => {
    const asl = aslOf(synth({ reminderAfterDays: 1 }).statelessTemplate);
    expect(asl.States['Level 1 (coordinator): ask']?.TimeoutSeconds).toBe(86_400);
    expect(asl.States['Level 2 (head): ask']?.TimeoutSeconds).toBe(86_400);
    expect(actualWaits(asl)).toEqual(expectedWaits(['coordinator', 'head'], { ...defaultDays, reminder: 1 }));
  });

  it('refuses an escalation that would not come after the reminder', () => {
    expect(() => synth({ reminderAfterDays: 5, escalateAfterDays: 5 })).toThrow(/escalateAfterDays must be later than reminderAfterDays/);
    expect(() => synth({ reminderAfterDays: 3, escalateAfterDays: 2 })).toThrow(/escalateAfterDays must be later than reminderAfterDays/);
  });

  it('refuses a malformed approval chain, naming the bad field', () => {
    expect(() => synth({ approvalChain: [{ role: 'coordinator', approver: { name: 'A', email: 'not-an-email' }, backup: { name: 'B', email: 'b@b.id' } }] })).toThrow(
      /Invalid context: approvalChain\.0\.approver\.email/,
    );
  });

  it('refuses a log retention CloudWatch does not offer, before anything is deployed', () => {
    expect(() => synth({ logRetentionDays: 10 })).toThrow(/Invalid context: logRetentionDays: must be one of 1, 3, 5/);
  });
});

describe('the rule packs (cdk-nag AwsSolutions and Serverless)', () => {
  const outdirs: string[] = [];
  /** A fresh app in its own output folder; errors carry the whole validation report. */
  const freshApp = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sinergi-nag-'));
    outdirs.push(outdir);
    return { outdir, ...buildApp(new App({ outdir, context: { ...templateOnly, [CDK_APP_MODE_CONTEXT]: 'inmemory' } })) };
  };
  interface PluginReport {
    pluginName: string;
    conclusion: 'success' | 'failure';
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations: { ruleName: string; acknowledgedId: string; reason: string }[];
  }
  const reportIn = (outdir: string) => (JSON.parse(readFileSync(join(outdir, VALIDATION_REPORT_FILE), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('on the app as it is', () => {
    let synthesized: ReturnType<typeof freshApp>;
    let synthError: unknown;
    let reports: PluginReport[];
    beforeAll(() => {
      synthesized = freshApp();
      try {
        synthesized.app.synth();
      } catch (error) {
        synthError = error;
      }
      reports = reportIn(synthesized.outdir);
    });

    it('let the whole app synthesize', () => {
      expect(synthError).toBeUndefined();
    });

    it('run both packs and leave no finding open, warnings included', () => {
      expect(reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless']);
      for (const report of reports) {
        expect(report.conclusion, report.pluginName).toBe('success');
        expect(report.violations.map((v) => v.ruleName), report.pluginName).toEqual([]);
      }
    });

    it('only suppress findings with a stated reason', () => {
      const suppressed = reports.flatMap((r) => r.suppressedViolations);
      expect(suppressed.length).toBeGreaterThan(0);
      for (const s of suppressed) expect(s.reason.trim().length, s.acknowledgedId).toBeGreaterThan(20);
    });

    it('record a non-empty reason with every acknowledgement in the construct tree', () => {
      const acknowledgements = synthesized.app.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => ({ path: c.node.path, data: m.data as Record<string, unknown> })))
        .flatMap(({ path, data }) => Object.entries(data).map(([id, reason]) => ({ path, id, reason })));
      expect(acknowledgements.length).toBeGreaterThan(0);
      for (const { path, id, reason } of acknowledgements) {
        expect(typeof reason, `${path}: ${id}`).toBe('string');
        expect(String(reason).trim().length, `${path}: ${id}`).toBeGreaterThan(20);
      }
    });
  });

  it('fail synthesis on a wildcard permission nobody acknowledged', () => {
    const { app, stateless, outdir } = freshApp();
    new Role(stateless, 'WildcardProbe', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        everything: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::sinergi-probe-bucket'] })] }),
      },
    });

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
    const awsSolutions = reportIn(outdir).find((r) => r.pluginName === 'AwsSolutions');
    expect(awsSolutions?.conclusion).toBe('failure');
    expect(awsSolutions?.violations).toEqual([
      expect.objectContaining({
        ruleName: 'AwsSolutions-IAM5[Action::s3:*]',
        violatingConstructs: [expect.objectContaining({ constructPath: 'Sinergi-dev-Stateless/WildcardProbe/Resource' })],
      }),
    ]);
  });
});

describe("the coordinators' API", () => {
  let app: Synthesized;
  beforeAll(() => {
    app = synth();
  });

  const only = (template: Template, type: string): [string, CfnResource] => {
    const found = Object.entries(resourcesOf(template, type));
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };
  /** The logical id of the stateful stack's resource that a stateless `Fn::ImportValue` stands for. */
  const importedRef = (value: unknown): string => {
    const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
    expect(name, JSON.stringify(value)).toEqual(expect.any(String));
    const outputs = app.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
    const output = Object.values(outputs).find((o) => o.Export?.Name === name);
    return (output?.Value as { Ref?: string } | undefined)?.Ref ?? `(no export ${name})`;
  };
  const routesByKey = () => Object.fromEntries(Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Route')).map((r) => [String(r.Properties?.RouteKey), r.Properties ?? {}]));

  describe("the coordinators' user pool (stateful stack)", () => {
    it('lets only an administrator create accounts, signed in with their email, case-insensitively', () => {
      const [, pool] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      expect(pool.Properties).toMatchObject({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      });
    });

    it('requires a strong password and a TOTP second factor (no SMS)', () => {
      const [, pool] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      const policy = (pool.Properties?.Policies as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy;
      expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
      expect(policy).toMatchObject({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
      expect(pool.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    });

    it('is kept when the stack goes, and protected from deletion', () => {
      const [, pool] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
    });

    it('stays on the Essentials plan unless threat protection is asked for, then enforces it on Plus', () => {
      expect(only(app.statefulTemplate, 'AWS::Cognito::UserPool')[1].Properties?.UserPoolTier).toBe('ESSENTIALS');
      const plus = only(synth({ coordinatorThreatProtection: true }).statefulTemplate, 'AWS::Cognito::UserPool')[1];
      expect(plus.Properties).toMatchObject({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    });

    it('has the coordinators group', () => {
      const [poolId] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      expect(only(app.statefulTemplate, 'AWS::Cognito::UserPoolGroup')[1].Properties).toMatchObject({ GroupName: 'coordinators', UserPoolId: { Ref: poolId } });
    });

    it('has one public app client: no secret, no hosted OAuth flows, no hint whether an account exists', () => {
      const [poolId] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      const [, client] = only(app.statefulTemplate, 'AWS::Cognito::UserPoolClient');
      expect(client.Properties).toMatchObject({ UserPoolId: { Ref: poolId }, GenerateSecret: false, AllowedOAuthFlowsUserPoolClient: false, PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
      expect(client.Properties?.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    });
  });

  describe('the JWT authorizer (stateless stack)', () => {
    it("guards GET /api/proposals with the user pool's issuer and the app client as audience", () => {
      const route = routesByKey()['GET /api/proposals'];
      expect(route).toMatchObject({ AuthorizationType: 'JWT' });
      const [authorizerId, authorizer] = only(app.statelessTemplate, 'AWS::ApiGatewayV2::Authorizer');
      expect(route?.AuthorizerId).toEqual({ Ref: authorizerId });
      const jwt = authorizer.Properties?.JwtConfiguration as { Issuer: { 'Fn::Join': [string, unknown[]] }; Audience: unknown[] };
      expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });

      const [poolId] = only(app.statefulTemplate, 'AWS::Cognito::UserPool');
      const [clientId] = only(app.statefulTemplate, 'AWS::Cognito::UserPoolClient');
      const [separator, [prefix, poolImport, ...rest]] = jwt.Issuer['Fn::Join'];
      expect(`${prefix as string}${separator}`).toBe('https://cognito-idp.ap-southeast-3.amazonaws.com/');
      expect(rest).toEqual([]);
      expect(importedRef(poolImport)).toBe(poolId);
      expect(jwt.Audience).toHaveLength(1);
      expect(importedRef(jwt.Audience[0])).toBe(clientId);
    });

    it('leaves every other route public (the forms, and the links that carry their own token)', () => {
      const routes = routesByKey();
      const others = Object.entries(routes).filter(([key]) => key !== 'GET /api/proposals');
      expect(others.length).toBeGreaterThan(0);
      for (const [key, route] of others) {
        expect(route.AuthorizationType ?? 'NONE', key).toBe('NONE');
        expect(route.AuthorizerId, key).toBeUndefined();
      }
    });

    it('invokes the list function, which can only read the table and nothing else', () => {
      const route = routesByKey()['GET /api/proposals']!;
      const integrationId = /\$\{Ref:([^}]+)\}/.exec(flatten(route.Target))?.[1] ?? '';
      const integration = resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Integration')[integrationId];
      const functionId = (integration?.Properties?.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(functionId).toBe(logicalIdOf(app.stateless, 'CoordinatorListProposals'));

      const granted = statementsOf(app.statelessTemplate, functionId);
      expect(allows(granted, 'dynamodb:Query')).toBe(true);
      for (const action of tableWrites) expect(allows(granted, action), action).toBe(false);
      expect(statementsFor(granted, 'states')).toEqual([]);
      expect(statementsFor(granted, 'ses')).toEqual([]);
      expect(statementsFor(granted, 'cognito-idp')).toEqual([]);
    });
  });

  it('leaves a route added without the authorizer to be reported by the rule packs (APIG4 is acknowledged per public route)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sinergi-nag-'));
    try {
      const { app: probeApp, stateless } = buildApp(new App({ outdir, context: { ...templateOnly, [CDK_APP_MODE_CONTEXT]: 'inmemory' } }));
      const probe = stateless.node.findChild('CoordinatorListProposals') as IFunction;
      stateless.api.addRoutes({ path: '/api/forgotten', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('ForgottenIntegration', probe) });
      expect(() => probeApp.synth()).toThrow(/AwsSolutions-APIG4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('the proposal review alarms', () => {
  let stateless: ReturnType<typeof buildApp>['stateless'];
  let template: Template;
  let machineId: string;
  beforeAll(() => {
    stateless = buildApp(new App({ context: templateOnly })).stateless;
    template = Template.fromStack(stateless);
    [machineId = '(no state machine)'] = Object.keys(resourcesOf(template, 'AWS::StepFunctions::StateMachine'));
  });

  /** The alarms on one metric of Step Functions, by logical id. */
  const alarmsOn = (metricName: string) =>
    Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm')).filter(([, alarm]) => alarm.Properties?.Namespace === 'AWS/States' && alarm.Properties.MetricName === metricName);

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut'])('goes off at the first %s of the review state machine in 5 minutes, and stays quiet without data', (metricName) => {
    const alarms = alarmsOn(metricName);
    expect(alarms, metricName).toHaveLength(1);
    expect(alarms[0]![1].Properties).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    // The state machine's Ref is its ARN: the only dimension these metrics are published with.
    expect(alarms[0]![1].Properties?.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: { Ref: machineId } }]);
  });

  it('exposes each alarm on the workflow construct, for operators to attach their notification', () => {
    const { failedAlarm, timedOutAlarm } = stateless.proposalReview;
    const logicalId = (alarm: typeof failedAlarm) => stateless.getLogicalId(alarm.node.defaultChild as CfnElement);
    expect(logicalId(failedAlarm)).toBe(alarmsOn('ExecutionsFailed')[0]?.[0]);
    expect(logicalId(timedOutAlarm)).toBe(alarmsOn('ExecutionsTimedOut')[0]?.[0]);
  });

  it('creates no notification topic of its own', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::SNS::Topic'))).toEqual([]);
  });
});
