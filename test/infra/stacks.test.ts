import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CDK_APP_MODE_CONTEXT, VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { buildApp } from '../../infra/app.js';
import { ApprovalLevel } from '../../shared/kernel/config.js';

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
  Condition?: Record<string, Record<string, unknown>>;
}
/** One rule of a Choice state (the operators the workflows use). */
interface ChoiceRule {
  Variable?: string;
  StringEquals?: string;
  IsPresent?: boolean;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
}
interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Seconds?: number;
  TimestampPath?: string;
  ResultPath?: string | null;
  Parameters?: Record<string, unknown>;
  Next?: string;
  Default?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Choices?: ChoiceRule[];
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

const resourcesOf = (template: Template, type: string): Record<string, CfnResource> => template.findResources(type) as Record<string, CfnResource>;

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

/** Every statement a role is granted: inline policies and attached `AWS::IAM::Policy`s. */
function statementsOfRole(template: Template, roleId: string): Statement[] {
  const role = template.toJSON().Resources[roleId] as CfnResource | undefined;
  if (!role) throw new Error(`No role ${roleId}`);
  const inline = toArray(role.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}

/** Every policy document of a template (attached policies and roles' inline ones), with where it is. */
function policyDocumentsOf(template: Template): { id: string; statements: Statement[] }[] {
  return [
    ...Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).map(([id, p]) => ({
      id,
      statements: (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement,
    })),
    ...Object.entries(resourcesOf(template, 'AWS::IAM::Role')).flatMap(([id, r]) =>
      toArray(r.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined).map((p) => ({
        id,
        statements: p.PolicyDocument.Statement,
      })),
    ),
  ];
}

/** Every statement a function's role is granted. */
function statementsOf(template: Template, functionId: string): Statement[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId];
  if (!fn) throw new Error(`No function ${functionId}`);
  return statementsOfRole(template, (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
}

/** IAM matching: actions are case-insensitive and may hold `*` and `?` wildcards. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
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
  statements.filter(
    (s) => s.Effect === 'Allow' && (s.NotAction !== undefined || toArray(s.Action).some((a) => a.toLowerCase().startsWith(`${service}:`) || a === '*')),
  );

// ---------------------------------------------------------------------------------------------
// The workflows
// ---------------------------------------------------------------------------------------------

type Workflow = 'proposal' | 'offer' | 'application';

/** What the stack is meant to make for each workflow (default context: the dev stage). */
const workflowSpecs: Record<Workflow, { title: string; stateMachineName: string; taskFunction: string; failed: string }> = {
  proposal: { title: 'proposal review', stateMachineName: 'sinergi-dev-proposal-review', taskFunction: 'ProposalReviewTask', failed: 'Review failed' },
  offer: { title: 'placement offer', stateMachineName: 'sinergi-dev-placement-offer', taskFunction: 'OfferTask', failed: 'Offer review failed' },
  application: { title: 'application', stateMachineName: 'sinergi-dev-application', taskFunction: 'ApplicationTask', failed: 'Application failed' },
};
const workflows = Object.keys(workflowSpecs) as Workflow[];
/** `[title, workflow]` for each workflow, for test names. */
const titledWorkflows = workflows.map((w) => [workflowSpecs[w].title, w] as const);
/** "the proposal review state machine", "the placement offer and application state machines". */
const stateMachinesNamed = (list: Workflow[]) => {
  const titles = list.map((w) => workflowSpecs[w].title);
  return titles.length === 1 ? `the ${titles[0]!} state machine` : `the ${titles.slice(0, -1).join(', ')} and ${titles.at(-1)!} state machines`;
};

/** The ARN a function is told and granted for a workflow: built from the state machine's fixed name. */
const arnOf = (workflow: Workflow) => `arn:\${Ref:AWS::Partition}:states:ap-southeast-3:000000000000:stateMachine:${workflowSpecs[workflow].stateMachineName}`;

/** The one state machine of that name, with its logical id. */
function stateMachineNamed(template: Template, name: string): [string, CfnResource] {
  const found = Object.entries(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).filter(
    ([, machine]) => machine.Properties?.StateMachineName === name,
  );
  expect(
    found.map(([id]) => id),
    `state machines named ${name}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** A state machine's definition, parsed from its `DefinitionString` (the proposal review when no name is given). */
function aslOf(template: Template, name = workflowSpecs.proposal.stateMachineName): Asl {
  const [, machine] = stateMachineNamed(template, name);
  return JSON.parse(flatten(machine.Properties?.DefinitionString)) as Asl;
}

const isWaitForPerson = (state: AslState) => state.Type === 'Task' && (state.Resource ?? '').endsWith('.waitForTaskToken');
const timeoutCatch = (state: AslState) => state.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));
/** What a task sends its function: `Payload` of a callback task, the parameters of a plain one. */
const payloadOf = (state: AslState | undefined) => (state?.Parameters?.Payload ?? state?.Parameters) as Record<string, unknown> | undefined;

/** The value at a simple JSONPath (`$.a.b`) of an execution's state. */
function valueAt(input: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), input);
}
function holds(rule: ChoiceRule, input: unknown): boolean {
  if (rule.And) return rule.And.every((r) => holds(r, input));
  if (rule.Or) return rule.Or.some((r) => holds(r, input));
  if (rule.Not) return !holds(rule.Not, input);
  const value = valueAt(input, rule.Variable ?? '');
  if (rule.IsPresent !== undefined) return (value !== undefined) === rule.IsPresent;
  if (rule.StringEquals !== undefined) return value === rule.StringEquals;
  throw new Error(`A choice rule these tests cannot read: ${JSON.stringify(rule)}`);
}
/** Where a Choice state sends an execution whose state is `input`. */
function branch(asl: Asl, choice: string, input: unknown): string | undefined {
  const state = asl.States[choice];
  expect(state?.Type, choice).toBe('Choice');
  return state?.Choices?.find((rule) => holds(rule, input))?.Next ?? state?.Default;
}

/** The states an execution passes through when every Choice sees `input`: every Next, and at each Choice the branch `input` takes. */
function pathWith(asl: Asl, input: unknown): string[] {
  const path: string[] = [];
  let name: string | undefined = asl.StartAt;
  while (name && !path.includes(name)) {
    path.push(name);
    name = asl.States[name]?.Type === 'Choice' ? branch(asl, name, input) : asl.States[name]?.Next;
  }
  return path;
}
/** The states an all-approve run passes through. */
const approvalPath = (asl: Asl) => pathWith(asl, { decision: { action: 'approve' } });

interface Days {
  reminder: number;
  escalate: number;
  backup: number;
  revision: number;
  report: number;
}
type Waits = Record<string, { timeoutSeconds: number | undefined; onTimeout: string | undefined }>;

/** The waits of one human decision: ask, remind on the same link, escalate to the backup, then expire. */
function decisionWaits(label: string, days: Days): Waits {
  return {
    [`${label}: ask`]: { timeoutSeconds: days.reminder * DAY, onTimeout: `${label}: remind` },
    [`${label}: remind`]: { timeoutSeconds: (days.escalate - days.reminder) * DAY, onTimeout: `${label}: escalate to backup` },
    [`${label}: escalate to backup`]: { timeoutSeconds: days.backup * DAY, onTimeout: `${label}: expire` },
  };
}

/** Every person-waiting state of a proposal review chain, with the time it waits and where its timeout leads. */
function expectedWaits(roles: string[], days: Days): Waits {
  return Object.assign(
    { 'Wait for revision': { timeoutSeconds: days.revision * DAY, onTimeout: 'Close unrevised proposal' } },
    ...roles.map((role, i) => decisionWaits(`Level ${i + 1} (${role})`, days)),
  ) as Waits;
}

/** The labels of the application's human decisions, by level. */
const applicationDecisions = ['Supervisor', 'Coordinator', 'Host', 'Host confirms hours'];

/** Every person-waiting state of each placement workflow. */
const expectedPlacementWaits = (days: Days): Record<Exclude<Workflow, 'proposal'>, Waits> => ({
  offer: decisionWaits('Coordinator', days),
  application: Object.assign(
    days.report > days.reminder
      ? {
          'Ask for the report': { timeoutSeconds: (days.report - days.reminder) * DAY, onTimeout: 'Remind about the report' },
          'Remind about the report': { timeoutSeconds: days.reminder * DAY, onTimeout: 'Close unreported application' },
        }
      : { 'Ask for the report': { timeoutSeconds: days.report * DAY, onTimeout: 'Close unreported application' } },
    ...applicationDecisions.map((label) => decisionWaits(label, days)),
  ) as Waits,
});

/** What the person-waiting states of `asl` actually do, in the shape of `expectedWaits`. */
function actualWaits(asl: Asl): Waits {
  return Object.fromEntries(
    Object.entries(asl.States)
      .filter(([, state]) => isWaitForPerson(state))
      .map(([name, state]) => [name, { timeoutSeconds: state.TimeoutSeconds, onTimeout: timeoutCatch(state)?.Next }]),
  );
}

const defaultDays: Days = { reminder: 3, escalate: 5, backup: 3, revision: 14, report: 14 };

// ---------------------------------------------------------------------------------------------
// What each function is meant to be allowed
// ---------------------------------------------------------------------------------------------

/** Functions behind GET and HEAD routes: they read and change nothing. */
const pageFunctions = [
  'DecisionPage',
  'ConfirmPage',
  'TrackPage',
  'TrackApi',
  'ProposalFormPage',
  'RevisionPage',
  'PartnerPage',
  'CataloguePage',
  'CatalogueApi',
  'ApplyPage',
  'OpenApiDocument',
];
/** The coordinators' reads, behind the JWT authorizer. */
const coordinatorFunctions = ['CoordinatorListProposals', 'CoordinatorListApplications', 'CoordinatorJpReport'];
const readOnlyFunctions = [...pageFunctions, ...coordinatorFunctions];
/** Which workflows each function starts: an offer's submission, and the confirmation of a proposal or an application (their submissions start nothing). */
const starts: Record<string, Workflow[]> = {
  OfferFormSubmit: ['offer'],
  OfferApiSubmit: ['offer'],
  ConfirmSubmit: ['proposal', 'application'],
};
/** Which workflows' waiting tasks each function may answer. */
const answers: Record<string, Workflow[]> = {
  DecisionSubmit: ['proposal', 'offer', 'application'],
  RevisionSubmit: ['proposal'],
  Withdraw: ['application'],
  ProposalReviewTask: ['proposal'],
  OfferTask: ['offer'],
  ApplicationTask: ['application'],
};
const startFunctions = Object.keys(starts);
const respondFunctions = Object.keys(answers);
const taskFunctions = workflows.map((w) => workflowSpecs[w].taskFunction);
/**
 * Submissions that remove what they stored when its workflow cannot start or its confirmation
 * cannot be mailed, and the functions that free an ended application's claim on its placement
 * (the withdrawal, the application's tasks).
 */
const deletingFunctions = [
  'ProposalFormSubmit',
  'ProposalApiSubmit',
  'OfferFormSubmit',
  'OfferApiSubmit',
  'ApplyFormSubmit',
  'ApplyApiSubmit',
  'Withdraw',
  'ApplicationTask',
];
/** The submissions mail their confirmation links; the confirmation mails an application's refusal. */
const submitFunctions = ['ProposalFormSubmit', 'ProposalApiSubmit', 'ApplyFormSubmit', 'ApplyApiSubmit'];
const mailingFunctions = [...taskFunctions, 'Withdraw', ...submitFunctions, 'ConfirmSubmit'];
const linkMintingFunctions = [...submitFunctions, 'ConfirmSubmit', 'RevisionSubmit', 'Withdraw', ...taskFunctions];
const cursorSigningFunctions = ['CoordinatorListProposals', 'CoordinatorListApplications'];
/** The functions of the domain: each is told the shared configuration (what each may do in the table: expectedTableAccess). */
const tableFunctions = [...readOnlyFunctions, ...submitFunctions, ...startFunctions, ...respondFunctions];
/** Functions given nothing: no table, no configuration, no grant. */
const bareFunctions = ['Health'];
const allFunctions = [...tableFunctions, ...bareFunctions];
/** The functions of an app told the shared configuration (all but the bare ones), by logical id. */
function configuredFunctionsOf({ stateless, statelessTemplate }: Synthesized): Record<string, CfnResource> {
  const bare = new Set(bareFunctions.map((name) => logicalIdOf(stateless, name)));
  return Object.fromEntries(Object.entries(resourcesOf(statelessTemplate, 'AWS::Lambda::Function')).filter(([id]) => !bare.has(id)));
}
const tableWrites = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];
const taskAnswers = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

/** The partitions of the table, by the prefix of their `pk` (`PROPOSAL#<id>`, `LINK#<hash>`, ...). */
type Partition = 'PROPOSAL' | 'PARTNERSHIP' | 'PLACEMENT' | 'APPLICATION' | 'ASN' | 'LINK' | 'IDEMPOTENCY' | 'RATE';
/**
 * What a function may do in the table: each DynamoDB action it is granted and nothing else.
 * Reads say where (the table itself, or an index it queries); writes say the partitions they
 * are limited to with `dynamodb:LeadingKeys`. A transaction needs each of its items' actions.
 */
interface TableAccess {
  GetItem?: ('table' | 'gsi1' | 'gsi2')[];
  Query?: ('table' | 'gsi1' | 'gsi2')[];
  PutItem?: Partition[];
  UpdateItem?: Partition[];
  DeleteItem?: Partition[];
  ConditionCheckItem?: Partition[];
}
const submitsProposal: TableAccess = {
  GetItem: ['table'],
  PutItem: ['IDEMPOTENCY', 'LINK', 'PROPOSAL'],
  UpdateItem: ['RATE'],
  DeleteItem: ['IDEMPOTENCY', 'LINK', 'PROPOSAL'],
};
const submitsApplication: TableAccess = {
  GetItem: ['table'],
  PutItem: ['APPLICATION', 'IDEMPOTENCY', 'LINK'],
  UpdateItem: ['RATE'],
  DeleteItem: ['APPLICATION', 'IDEMPOTENCY', 'LINK'],
};
const tracks: TableAccess = { GetItem: ['table'], Query: ['gsi2', 'table'] };
/** Every function, with what it may do in the table (lists sorted); `{}`: nothing at all. */
const expectedTableAccess: Record<string, TableAccess> = {
  Health: {},
  // Renders an empty form, and the description of the API is made from the configuration.
  ProposalFormPage: {},
  OpenApiDocument: {},
  ProposalFormSubmit: submitsProposal,
  ProposalApiSubmit: submitsProposal,
  TrackPage: tracks,
  TrackApi: tracks,
  DecisionPage: { GetItem: ['table'] },
  ConfirmPage: { GetItem: ['table'] },
  ConfirmSubmit: {
    GetItem: ['table'],
    PutItem: ['APPLICATION', 'PLACEMENT', 'PROPOSAL'],
    UpdateItem: ['APPLICATION', 'ASN', 'LINK', 'PROPOSAL'],
    ConditionCheckItem: ['PLACEMENT'],
  },
  DecisionSubmit: {
    GetItem: ['table'],
    PutItem: ['APPLICATION', 'PLACEMENT', 'PROPOSAL'],
    UpdateItem: ['APPLICATION', 'LINK'],
    ConditionCheckItem: ['APPLICATION', 'PLACEMENT', 'PROPOSAL'],
  },
  RevisionPage: { GetItem: ['table'], Query: ['table'] },
  RevisionSubmit: { GetItem: ['table'], Query: ['table'], PutItem: ['PROPOSAL'], UpdateItem: ['LINK', 'PROPOSAL'] },
  CoordinatorListProposals: { Query: ['gsi1'] },
  PartnerPage: { GetItem: ['table'], Query: ['gsi2'] },
  OfferFormSubmit: { GetItem: ['table'], Query: ['gsi2'], PutItem: ['PLACEMENT'], DeleteItem: ['PLACEMENT'] },
  OfferApiSubmit: { GetItem: ['table'], PutItem: ['PLACEMENT'], DeleteItem: ['PLACEMENT'] },
  CataloguePage: { Query: ['gsi1'] },
  CatalogueApi: { Query: ['gsi1'] },
  ApplyPage: { GetItem: ['table'] },
  ApplyFormSubmit: submitsApplication,
  ApplyApiSubmit: submitsApplication,
  Withdraw: {
    GetItem: ['table'],
    Query: ['gsi2'],
    PutItem: ['APPLICATION'],
    UpdateItem: ['APPLICATION', 'ASN', 'LINK', 'PLACEMENT'],
    DeleteItem: ['PLACEMENT'],
  },
  CoordinatorListApplications: { GetItem: ['table'], Query: ['gsi1'] },
  CoordinatorJpReport: { Query: ['gsi1'] },
  OfferTask: { GetItem: ['table'], PutItem: ['PLACEMENT'], UpdateItem: ['LINK', 'PLACEMENT'] },
  ApplicationTask: {
    GetItem: ['table'],
    Query: ['gsi2', 'table'],
    PutItem: ['APPLICATION', 'ASN'],
    UpdateItem: ['APPLICATION', 'ASN', 'LINK', 'PLACEMENT'],
    DeleteItem: ['PLACEMENT'],
    ConditionCheckItem: ['PLACEMENT'],
  },
  ProposalReviewTask: { GetItem: ['table'], Query: ['table'], PutItem: ['LINK', 'PARTNERSHIP', 'PROPOSAL'], UpdateItem: ['LINK', 'PROPOSAL'] },
};
const itemWrites = ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'];

/**
 * What `statements` let a role do in the table, in the shape of TableAccess: every DynamoDB
 * action granted (so one not expected shows up), where a read may look, and which partitions
 * a write is limited to. Anything else is named as it is: a write without the LeadingKeys
 * condition (`any partition`), a resource that is not the table or one of its indexes, a
 * condition of another kind.
 */
function tableAccessOf(statements: Statement[]): Record<string, string[]> {
  const access: Record<string, Set<string>> = {};
  const targetOf = (resource: string) =>
    resource.endsWith(':table/sinergi-dev') ? 'table' : (/:table\/sinergi-dev\/index\/(gsi[12])$/.exec(resource)?.[1] ?? `resource ${resource}`);
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    const actions = toArray(s.Action).filter((a) => a.startsWith('dynamodb:') || a === '*');
    if (s.NotAction) actions.push('NotAction');
    const targets = toArray(s.Resource).map(flatten).map(targetOf);
    const { 'ForAllValues:StringLike': like, ...otherConditions } = s.Condition ?? {};
    const { 'dynamodb:LeadingKeys': leadingKeys, ...otherKeys } = like ?? {};
    const strange = [...Object.keys(otherConditions), ...Object.keys(otherKeys)].map((c) => `condition ${c}`);
    for (const action of actions) {
      const name = action.replace(/^dynamodb:/, '');
      access[name] ??= new Set();
      const entry = access[name];
      for (const c of strange) entry.add(c);
      if (!itemWrites.includes(name)) {
        for (const t of targets) entry.add(t);
        if (leadingKeys) entry.add('condition dynamodb:LeadingKeys');
        continue;
      }
      for (const t of targets) if (t !== 'table') entry.add(t);
      if (!leadingKeys) entry.add('any partition');
      for (const pattern of toArray(leadingKeys as string | string[])) entry.add(/^([A-Z]+)#\*$/.exec(pattern)?.[1] ?? `pattern ${pattern}`);
    }
  }
  return Object.fromEntries(Object.entries(access).map(([name, values]) => [name, [...values].sort()]));
}

/** Every route of the HTTP API and the function meant to serve it. */
const expectedRoutes: Record<string, string> = {
  'GET /health': 'Health',
  'HEAD /health': 'Health',
  'GET /proposals/new': 'ProposalFormPage',
  'HEAD /proposals/new': 'ProposalFormPage',
  'POST /proposals': 'ProposalFormSubmit',
  'POST /api/proposals': 'ProposalApiSubmit',
  'GET /track/{token}': 'TrackPage',
  'HEAD /track/{token}': 'TrackPage',
  'GET /api/track/{token}': 'TrackApi',
  'GET /decide/{token}': 'DecisionPage',
  'HEAD /decide/{token}': 'DecisionPage',
  'POST /decide/{token}': 'DecisionSubmit',
  'GET /confirm/{token}': 'ConfirmPage',
  'HEAD /confirm/{token}': 'ConfirmPage',
  'POST /confirm/{token}': 'ConfirmSubmit',
  'GET /reports/{token}': 'DecisionPage',
  'HEAD /reports/{token}': 'DecisionPage',
  'POST /reports/{token}': 'DecisionSubmit',
  'GET /proposals/edit/{token}': 'RevisionPage',
  'HEAD /proposals/edit/{token}': 'RevisionPage',
  'POST /proposals/edit/{token}': 'RevisionSubmit',
  'GET /partners/{token}': 'PartnerPage',
  'HEAD /partners/{token}': 'PartnerPage',
  'POST /partners/{token}/placements': 'OfferFormSubmit',
  'POST /api/partners/{token}/placements': 'OfferApiSubmit',
  'GET /placements': 'CataloguePage',
  'HEAD /placements': 'CataloguePage',
  'GET /api/placements': 'CatalogueApi',
  'GET /placements/{id}/apply': 'ApplyPage',
  'HEAD /placements/{id}/apply': 'ApplyPage',
  'POST /placements/{id}/apply': 'ApplyFormSubmit',
  'POST /api/placements/{id}/applications': 'ApplyApiSubmit',
  'POST /track/{token}/withdraw': 'Withdraw',
  'GET /api/proposals': 'CoordinatorListProposals',
  'GET /api/placements/{id}/applications': 'CoordinatorListApplications',
  'GET /api/reports/jp': 'CoordinatorJpReport',
  'GET /api/openapi.json': 'OpenApiDocument',
};
/** The routes behind the coordinators' JWT authorizer; every other route is public. */
const coordinatorRoutes = ['GET /api/proposals', 'GET /api/placements/{id}/applications', 'GET /api/reports/jp'];

describe('the Sinergi CDK app (default context)', () => {
  let app: Synthesized;
  /** Logical id of each function, by its construct id. */
  const fnId: Record<string, string> = {};
  let lambdas: Record<string, CfnResource>;
  /** Logical ids of the functions told the shared configuration (all but the bare ones). */
  let configured: string[];

  beforeAll(() => {
    app = synth();
    for (const name of allFunctions) fnId[name] = logicalIdOf(app.stateless, name);
    lambdas = resourcesOf(app.statelessTemplate, 'AWS::Lambda::Function');
    configured = Object.keys(configuredFunctionsOf(app));
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

    it.each(['gsi1', 'gsi2'])(
      'has the list index %s on its own pk / sk attributes (<index>pk, <index>sk), both strings, projecting every attribute',
      (index) => {
        app.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: `${index}pk`, AttributeType: 'S' },
            { AttributeName: `${index}sk`, AttributeType: 'S' },
          ]),
          GlobalSecondaryIndexes: Match.arrayWith([
            Match.objectLike({
              IndexName: index,
              KeySchema: [
                { AttributeName: `${index}pk`, KeyType: 'HASH' },
                { AttributeName: `${index}sk`, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            }),
          ]),
        });
      },
    );

    it('has exactly the two list indexes', () => {
      const indexes = table().Properties?.GlobalSecondaryIndexes as { IndexName: string }[];
      expect(indexes.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2']);
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
      for (const id of configured) expect((lambdas[id]!.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME).toBe(name);
    });

    it('keeps the link secret when the stack goes (links in flight are derived from it)', () => {
      const secrets = resourcesOf(app.statefulTemplate, 'AWS::SecretsManager::Secret');
      expect(Object.keys(secrets).sort()).toEqual([logicalIdOf(app.stateful, 'CursorSecret'), logicalIdOf(app.stateful, 'LinkSecret')].sort());
      expect(secrets[logicalIdOf(app.stateful, 'LinkSecret')]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it("sends every mail through a configuration set with reputation metrics, the sender identity's default", () => {
      app.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
      });
      app.statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(app.stateful, 'Mail') } },
      });
    });

    it('raises an alarm at the bounce and complaint rates where SES reviews an account, before it would pause sending', () => {
      for (const [metricName, threshold] of [
        ['Reputation.BounceRate', 0.05],
        ['Reputation.ComplaintRate', 0.001],
      ] as const)
        app.statefulTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/SES',
          MetricName: metricName,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
    });
  });

  describe('every Lambda function', () => {
    const env = (id: string) => (lambdas[id]!.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;

    it('exists for each handler, and no function is left without its intended grants stated here', () => {
      for (const name of allFunctions) expect(lambdas[fnId[name]!], name).toBeDefined();
      expect(Object.keys(lambdas).sort()).toEqual(allFunctions.map((name) => fnId[name]).sort());
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

    it("may write its traces through the stack's one traces policy (and is created after it), which grants nothing else", () => {
      const tracesId = logicalIdOf(app.stateless, 'FunctionTraces');
      const traces = resourcesOf(app.statelessTemplate, 'AWS::IAM::Policy')[tracesId];
      expect((traces?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
        { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      ]);
      const attached = toArray(traces?.Properties?.Roles as { Ref: string }[]).map((r) => r.Ref);
      for (const [id, fn] of Object.entries(lambdas)) {
        expect(attached, id).toContain((fn.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
        expect(toArray((fn as { DependsOn?: string | string[] }).DependsOn), id).toContain(tracesId);
        expect(allows(statementsOf(app.statelessTemplate, id), 'xray:PutTraceSegments'), id).toBe(true);
      }
      expect(attached).toHaveLength(Object.keys(lambdas).length);
    });

    it('gets the name of the table and the ARN of each workflow state machine', () => {
      // Each ARN must name a state machine the stack really makes.
      for (const workflow of workflows) stateMachineNamed(app.statelessTemplate, workflowSpecs[workflow].stateMachineName);
      for (const id of configured) {
        expect(env(id).TABLE_NAME, id).toBe('sinergi-dev');
        expect(flatten(env(id).PROPOSAL_WORKFLOW_ARN), id).toBe(arnOf('proposal'));
        expect(flatten(env(id).OFFER_WORKFLOW_ARN), id).toBe(arnOf('offer'));
        expect(flatten(env(id).APPLICATION_WORKFLOW_ARN), id).toBe(arnOf('application'));
      }
    });

    it('gets the public base address (the HTTP API by default) and the sender address', () => {
      const apiId = logicalIdOf(app.stateless, 'HttpApi');
      for (const id of configured) {
        expect(env(id).PUBLIC_BASE_URL, id).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
        expect(env(id).SENDER_EMAIL, id).toBe('sinergi@bkpsdm.surakarta.go.id');
      }
    });

    it('gets no list of work units unless one is set (the built-in list applies)', () => {
      for (const id of Object.keys(lambdas)) expect(env(id), id).not.toHaveProperty('WORK_UNITS');
    });

    it('never gets a secret itself in its environment; only the functions that need one learn where it is', () => {
      const minting = new Set(linkMintingFunctions.map((name) => fnId[name]));
      const signing = new Set(cursorSigningFunctions.map((name) => fnId[name]));
      for (const id of Object.keys(lambdas)) {
        const variables = env(id);
        expect(flatten(variables), id).not.toContain('{{resolve:');
        expect(variables).not.toHaveProperty('LINK_SECRET');
        if (minting.has(id)) expect(flatten(variables.LINK_SECRET_ARN), id).toMatch(/LinkSecret/);
        else expect(variables, id).not.toHaveProperty('LINK_SECRET_ARN');
        if (signing.has(id)) expect(flatten(variables.CURSOR_SECRET_ARN), id).toMatch(/CursorSecret/);
        else expect(variables, id).not.toHaveProperty('CURSOR_SECRET_ARN');
      }
    });

    it('lets only the functions that mint links read the link secret, and only the lists read the cursor key', () => {
      const secretsReadBy = (name: string) =>
        statementsOf(app.statelessTemplate, fnId[name]!)
          .filter((s) => toArray(s.Action).includes('secretsmanager:GetSecretValue'))
          .flatMap((s) => toArray(s.Resource).map(flatten));
      for (const name of allFunctions) {
        const read = secretsReadBy(name);
        if (linkMintingFunctions.includes(name)) expect(read.length && read.every((r) => /LinkSecret/.test(r)), name).toBe(true);
        else if (cursorSigningFunctions.includes(name)) expect(read.length && read.every((r) => /CursorSecret/.test(r)), name).toBe(true);
        else expect(read, name).toEqual([]);
      }
    });

    it('gets the approval chain as JSON, each level with an approver and a backup', () => {
      for (const id of configured) {
        const chain = z.array(ApprovalLevel).parse(JSON.parse(String(env(id).APPROVAL_CHAIN)));
        expect(
          chain.map((level) => level.role),
          id,
        ).toEqual(['coordinator', 'head']);
        for (const level of chain) {
          expect(level.approver.email, id).toMatch(/@/);
          expect(level.backup.email, id).toMatch(/@/);
        }
      }
    });

    it('gets the maximum number of review rounds', () => {
      for (const id of configured) expect(env(id).MAX_REVIEW_ROUNDS, id).toBe('3');
    });

    it('tells the health check nothing but the logger settings', () => {
      expect(Object.keys(env(fnId.Health!)).sort()).toEqual(['POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME']);
    });
  });

  describe('IAM', () => {
    const statements = (name: string) => statementsOf(app.statelessTemplate, fnId[name]!);

    it('states what every function may do in the table, and only writes for functions that serve no GET', () => {
      expect(Object.keys(expectedTableAccess).sort()).toEqual([...allFunctions].sort());
      for (const name of readOnlyFunctions) for (const write of itemWrites) expect(expectedTableAccess[name], `${name}: ${write}`).not.toHaveProperty(write);
    });

    it.each(allFunctions)('%s is granted exactly the DynamoDB actions it calls, where it calls them, each write on its own partitions', (name) => {
      expect(tableAccessOf(statements(name))).toEqual(expectedTableAccess[name]);
    });

    it.each(readOnlyFunctions)('%s (serves GET) cannot write to the table, touch any workflow nor send email', (name) => {
      const granted = statements(name);
      for (const action of tableWrites) expect(allows(granted, action), action).toBe(false);
      expect(allows(granted, 'dynamodb:ConditionCheckItem')).toBe(false);
      expect(statementsFor(granted, 'states')).toEqual([]);
      expect(statementsFor(granted, 'ses')).toEqual([]);
    });

    it.each(tableFunctions)('%s puts or updates items only if it serves no GET', (name) => {
      const granted = statements(name);
      const writes = !readOnlyFunctions.includes(name);
      expect(allows(granted, 'dynamodb:PutItem') || allows(granted, 'dynamodb:UpdateItem')).toBe(writes);
    });

    it.each(allFunctions)(
      '%s deletes items only if it is a submission that undoes a proposal, offer or application whose workflow did not start, or frees an ended application’s claim, and never writes in batches',
      (name) => {
        const granted = statements(name);
        expect(allows(granted, 'dynamodb:DeleteItem')).toBe(deletingFunctions.includes(name));
        expect(allows(granted, 'dynamodb:BatchWriteItem')).toBe(false);
      },
    );

    it.each(allFunctions)('%s names only the table and each index it queries, none of them by a wildcard', (name) => {
      const { GetItem = [], Query = [], ...writes } = expectedTableAccess[name]!;
      const targets = new Set([...GetItem, ...Query, ...(Object.keys(writes).length ? ['table'] : [])]);
      const arn = (target: string) =>
        `arn:\${Ref:AWS::Partition}:dynamodb:ap-southeast-3:000000000000:table/sinergi-dev${target === 'table' ? '' : `/index/${target}`}`;
      const resources = statementsFor(statements(name), 'dynamodb').flatMap((s) => toArray(s.Resource).map(flatten));
      expect([...new Set(resources)].sort()).toEqual([...targets].map(arn).sort());
    });

    it('lets no role in either stack Scan, read or write in batches, use PartiQL or export the table', () => {
      const everyPolicy = [app.statefulTemplate, app.statelessTemplate].flatMap(policyDocumentsOf);
      expect(everyPolicy.length).toBeGreaterThan(0);
      for (const action of [
        'dynamodb:Scan',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:PartiQLSelect',
        'dynamodb:PartiQLInsert',
        'dynamodb:PartiQLUpdate',
        'dynamodb:PartiQLDelete',
        'dynamodb:ExportTableToPointInTime',
      ])
        for (const { id, statements: granted } of everyPolicy) expect(allows(granted, action), `${id}: ${action}`).toBe(false);
    });

    it.each(allFunctions.filter((name) => itemWrites.some((w) => w in expectedTableAccess[name]!)))(
      '%s writes only under the LeadingKeys condition: ForAllValues:StringLike on the partition key prefixes, on the table itself',
      (name) => {
        const writes = statementsFor(statements(name), 'dynamodb').filter((s) =>
          toArray(s.Action).some((a) => itemWrites.includes(a.replace(/^dynamodb:/, ''))),
        );
        expect(writes.length).toBeGreaterThan(0);
        for (const s of writes) {
          expect(
            toArray(s.Action).every((a) => itemWrites.includes(a.replace(/^dynamodb:/, ''))),
            JSON.stringify(s.Action),
          ).toBe(true);
          expect(toArray(s.Resource).map(flatten)).toEqual([expect.stringMatching(/:dynamodb:ap-southeast-3:000000000000:table\/sinergi-dev$/)]);
          expect(Object.keys(s.Condition ?? {})).toEqual(['ForAllValues:StringLike']);
          expect(Object.keys(s.Condition!['ForAllValues:StringLike']!)).toEqual(['dynamodb:LeadingKeys']);
          const patterns = toArray(s.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys'] as string | string[]);
          expect(patterns.length).toBeGreaterThan(0);
          for (const pattern of patterns) expect(pattern).toMatch(/^(PROPOSAL|PARTNERSHIP|PLACEMENT|APPLICATION|ASN|LINK|IDEMPOTENCY|RATE)#\*$/);
        }
      },
    );

    it.each(Object.entries(answers).map(([name, answered]) => [name, stateMachinesNamed(answered), answered] as const))(
      '%s may answer waiting tasks of %s and no other',
      (name, _titles, answered) => {
        const granted = statementsFor(statements(name), 'states');
        expect(allows(granted, 'states:SendTaskSuccess')).toBe(true);
        for (const s of granted) for (const action of toArray(s.Action)) expect(taskAnswers).toContain(action);
        expect(granted.flatMap((s) => toArray(s.Resource).map(flatten)).sort()).toEqual(answered.map(arnOf).sort());
        expect(allows(granted, 'states:StartExecution')).toBe(false);
      },
    );

    it.each(Object.entries(starts).map(([name, started]) => [name, stateMachinesNamed(started), started] as const))(
      '%s may start the %s state machine only',
      (name, _titles, started) => {
        const granted = statementsFor(statements(name), 'states');
        expect(granted.length).toBeGreaterThan(0);
        for (const s of granted) expect(toArray(s.Action)).toEqual(['states:StartExecution']);
        expect(granted.flatMap((s) => toArray(s.Resource).map(flatten)).sort()).toEqual(started.map(arnOf).sort());
      },
    );

    it("lets only the offers' submissions and the confirmation start executions", () => {
      const starters = allFunctions.filter((name) => allows(statements(name), 'states:StartExecution'));
      expect(starters.sort()).toEqual([...startFunctions].sort());
    });

    it('lets only the decision, revision and withdrawal submissions and the task functions answer waiting tasks', () => {
      const responders = allFunctions.filter((name) => allows(statements(name), 'states:SendTaskSuccess'));
      expect(responders.sort()).toEqual([...respondFunctions].sort());
    });

    it('lets only the task functions, the withdrawal, the submissions (their confirmation links) and the confirmation send email, and only from the sender identity through its configuration set', () => {
      const senders = allFunctions.filter((name) => allows(statements(name), 'ses:SendEmail') || allows(statements(name), 'ses:SendRawEmail'));
      expect(senders.sort()).toEqual([...mailingFunctions].sort());
      for (const name of mailingFunctions)
        for (const s of statementsFor(statements(name), 'ses'))
          expect(toArray(s.Resource).map(flatten), name).toEqual([
            expect.stringMatching(/:ses:ap-southeast-3:000000000000:identity\/\$\{Import:[^}]*Sender/),
            expect.stringMatching(/:ses:ap-southeast-3:000000000000:configuration-set\/\$\{Import:[^}]*Mail/),
          ]);
      // No other role in the stack (the state machines' included) may send mail either.
      const mailerRoles = mailingFunctions.map((name) => (lambdas[fnId[name]!]!.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
      for (const [id, policy] of Object.entries(resourcesOf(app.statelessTemplate, 'AWS::IAM::Policy'))) {
        const document = policy.Properties?.PolicyDocument as { Statement: Statement[] };
        if (allows(document.Statement, 'ses:SendEmail') || allows(document.Statement, 'ses:SendRawEmail')) {
          const roles = toArray(policy.Properties?.Roles as { Ref: string }[]).map((r) => r.Ref);
          expect(roles.length, id).toBeGreaterThan(0);
          for (const role of roles) expect(mailerRoles, id).toContain(role);
        }
      }
    });

    it('sends mail with SendEmail only: no role may send raw messages', () => {
      for (const { id, statements: granted } of policyDocumentsOf(app.statelessTemplate)) expect(allows(granted, 'ses:SendRawEmail'), id).toBe(false);
    });

    it.each(mailingFunctions)('%s may send only as the configured sender: ses:FromAddress on every SES statement', (name) => {
      const ses = statementsFor(statements(name), 'ses');
      expect(ses.length).toBeGreaterThan(0);
      const sender = (lambdas[fnId[name]!]!.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.SENDER_EMAIL;
      expect(sender).toBe('sinergi@bkpsdm.surakarta.go.id');
      for (const s of ses) {
        expect(toArray(s.Action)).toEqual(['ses:SendEmail']);
        expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': sender } });
      }
    });

    it('grants "*" only through the traces and log delivery policies, which hold nothing else', () => {
      const unscoped = [logicalIdOf(app.stateless, 'FunctionTraces'), logicalIdOf(app.stateless, 'WorkflowDelivery')];
      const onStar = policyDocumentsOf(app.statelessTemplate).filter(({ statements: granted }) =>
        granted.some((s) =>
          toArray(s.Resource)
            .map(flatten)
            .some((r) => r.includes('*') && !/\$\{[^}]+\.Arn\}:\*$/.test(r)),
        ),
      );
      expect(onStar.map(({ id }) => id).sort()).toEqual(unscoped.sort());
      for (const { id, statements: granted } of onStar)
        for (const s of granted) {
          expect(toArray(s.Resource), id).toEqual(['*']);
          for (const action of toArray(s.Action)) expect(action, id).toMatch(/^(xray|logs):[A-Za-z]+$/);
        }
    });

    it.each(titledWorkflows)('lets the %s state machine invoke its own task function and no other', (_title, workflow) => {
      const [, machine] = stateMachineNamed(app.statelessTemplate, workflowSpecs[workflow].stateMachineName);
      const roleId = (machine.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const granted = statementsFor(statementsOfRole(app.statelessTemplate, roleId), 'lambda');
      expect(allows(granted, 'lambda:InvokeFunction')).toBe(true);
      const own = logicalIdOf(app.stateless, workflowSpecs[workflow].taskFunction);
      const resources = granted.flatMap((s) => toArray(s.Resource).map(flatten));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect([`\${${own}.Arn}`, `\${${own}.Arn}:*`], workflow).toContain(resource);
      expect(statementsFor(statementsOfRole(app.statelessTemplate, roleId), 'ses')).toEqual([]);
    });

    it.each(bareFunctions)('%s may not touch the table, a workflow, email or a secret: it may only write its traces', (name) => {
      const granted = statements(name);
      for (const service of ['dynamodb', 'states', 'ses', 'secretsmanager']) expect(statementsFor(granted, service), service).toEqual([]);
      for (const action of [...tableWrites, 'dynamodb:GetItem', 'dynamodb:Query', 'states:StartExecution', ...taskAnswers, 'ses:SendEmail', 'ses:SendRawEmail'])
        expect(allows(granted, action), action).toBe(false);
      for (const s of granted) for (const action of toArray(s.Action)) expect(action).toMatch(/^xray:/);
    });

    it('grants no function a wildcard action', () => {
      for (const name of allFunctions) for (const s of statements(name)) for (const action of toArray(s.Action)) expect(action, name).not.toMatch(/^\*$|:\*$/);
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

    it('routes each page, form, link and list to the function meant for it, and has no other route', () => {
      expect(routes()).toEqual(Object.fromEntries(Object.entries(expectedRoutes).map(([key, name]) => [key, fnId[name]])));
    });

    it('answers GET and HEAD /health with the health check, without an authorizer', () => {
      const health = Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Route')).filter((r) =>
        String(r.Properties?.RouteKey).endsWith(' /health'),
      );
      expect(health.map((r) => r.Properties?.RouteKey).sort()).toEqual(['GET /health', 'HEAD /health']);
      for (const route of health) {
        expect(route.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(route.Properties?.AuthorizerId).toBeUndefined();
      }
      expect(routes()['GET /health']).toBe(fnId.Health);
      expect(routes()['HEAD /health']).toBe(fnId.Health);
    });

    it('serves every GET and HEAD route with a function that cannot write to the table', () => {
      const reads = Object.entries(routes()).filter(([key]) => /^(GET|HEAD) /.test(key));
      expect(reads.map(([key]) => key).sort()).toEqual(
        Object.keys(expectedRoutes)
          .filter((key) => /^(GET|HEAD) /.test(key))
          .sort(),
      );
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

    it('throttles each anonymous submission route on its own, under the stage throttle', () => {
      const stage = Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Stage'))[0]!.Properties as {
        DefaultRouteSettings: { ThrottlingBurstLimit: number; ThrottlingRateLimit: number };
        RouteSettings: Record<string, { ThrottlingBurstLimit: number; ThrottlingRateLimit: number }>;
      };
      const routeKeys = Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties?.RouteKey);
      const submissions = [
        'POST /proposals',
        'POST /api/proposals',
        'POST /placements/{id}/apply',
        'POST /api/placements/{id}/applications',
        'POST /confirm/{token}',
      ];
      expect(Object.keys(stage.RouteSettings).sort()).toEqual([...submissions].sort());
      for (const key of submissions) {
        expect(routeKeys, key).toContain(key);
        expect(stage.RouteSettings[key]!.ThrottlingRateLimit).toBeLessThan(stage.DefaultRouteSettings.ThrottlingRateLimit);
        expect(stage.RouteSettings[key]!.ThrottlingBurstLimit).toBeLessThan(stage.DefaultRouteSettings.ThrottlingBurstLimit);
      }
    });

    it('keeps instances for each workflow task function alone, and for no other', () => {
      for (const name of allFunctions)
        expect(lambdas[fnId[name]!]!.Properties?.ReservedConcurrentExecutions, name).toBe(taskFunctions.includes(name) ? 5 : undefined);
    });
  });

  describe.each(titledWorkflows)('the %s state machine, like every workflow', (_title, workflow) => {
    const spec = workflowSpecs[workflow];
    let asl: Asl;
    let machine: CfnResource;
    beforeAll(() => {
      [, machine] = stateMachineNamed(app.statelessTemplate, spec.stateMachineName);
      asl = aslOf(app.statelessTemplate, spec.stateMachineName);
    });

    it('is a STANDARD workflow with tracing, and logs without execution data (task tokens stay out of logs)', () => {
      expect(machine.Properties).toMatchObject({
        StateMachineName: spec.stateMachineName,
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      const destination = (
        machine.Properties!.LoggingConfiguration as { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }[] }
      ).Destinations;
      expect(destination).toHaveLength(1);
      const logGroup = resourcesOf(app.statelessTemplate, 'AWS::Logs::LogGroup')[destination[0]!.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]];
      expect(logGroup?.Properties?.RetentionInDays).toBe(90);
    });

    it("may deliver its logs and traces through the stack's one delivery policy, and is created after it", () => {
      const deliveryId = logicalIdOf(app.stateless, 'WorkflowDelivery');
      const delivery = resourcesOf(app.statelessTemplate, 'AWS::IAM::Policy')[deliveryId];
      const roleId = (machine.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(toArray(delivery?.Properties?.Roles as { Ref: string }[]).map((r) => r.Ref)).toContain(roleId);
      expect(toArray((machine as { DependsOn?: string | string[] }).DependsOn)).toContain(deliveryId);
      const granted = statementsOfRole(app.statelessTemplate, roleId);
      for (const action of ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'xray:PutTraceSegments']) expect(allows(granted, action), action).toBe(true);
    });

    it('runs every task in its own task function', () => {
      const own = `\${${logicalIdOf(app.stateless, spec.taskFunction)}.Arn}`;
      const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, task] of tasks) expect(isWaitForPerson(task) ? task.Parameters?.FunctionName : task.Resource, name).toBe(own);
    });

    it('gives every wait for a person a timeout, and catches it before the catch-all (States.ALL must come last)', () => {
      const waits = Object.entries(asl.States).filter(([, s]) => isWaitForPerson(s));
      expect(waits.length).toBeGreaterThan(0);
      for (const [name, state] of waits) {
        expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
        const errors = state.Catch!.map((c) => c.ErrorEquals.join(','));
        expect(errors.indexOf('States.Timeout'), name).toBeGreaterThanOrEqual(0);
        expect(errors.indexOf('States.Timeout'), name).toBeLessThan(errors.indexOf('States.ALL'));
      }
    });

    it('gives every Task a Retry and a catch-all on States.ALL, as its last Catch', () => {
      const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, task] of tasks) {
        expect(
          task.Retry?.flatMap((r) => r.ErrorEquals),
          `${name}: Retry`,
        ).toContain('States.TaskFailed');
        expect(task.Catch?.at(-1)?.ErrorEquals, `${name}: Catch`).toEqual(['States.ALL']);
      }
    });

    it(`sends every failure to "Close after failure", and only then to the "${spec.failed}" Fail state`, () => {
      for (const [name, task] of Object.entries(asl.States).filter(([, s]) => s.Type === 'Task')) {
        const next = task.Catch!.at(-1)!.Next;
        expect(next, name).toBe(name === 'Close after failure' ? spec.failed : 'Close after failure');
      }
      expect(payloadOf(asl.States['Close after failure'])?.action).toBe('closeAfterFailure');
      expect(asl.States['Close after failure']?.Next).toBe(spec.failed);
      expect(asl.States[spec.failed]?.Type).toBe('Fail');
    });

    it('sends a decision it does not know to "Close after failure"', () => {
      const decisions = Object.keys(asl.States).filter((name) => name.endsWith(': decision?'));
      expect(decisions.length).toBeGreaterThan(0);
      for (const name of decisions) expect(branch(asl, name, { decision: { action: 'unknown' } }), name).toBe('Close after failure');
    });
  });

  describe('the proposal review state machine', () => {
    let asl: Asl;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate, workflowSpecs.proposal.stateMachineName);
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
        expect(branch(asl, late, { decision: { outcome: 'expired' } }), label).toBe('Expired');
      }
      expect(asl.States.Expired?.Type).toBe('Succeed');
    });
  });

  describe('the placement offer state machine', () => {
    let asl: Asl;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate, workflowSpecs.offer.stateMachineName);
    });

    it('asks the coordinator, reminds, escalates to the backup and expires, each wait with its timeout leading to the next step', () => {
      expect(actualWaits(asl)).toEqual(expectedPlacementWaits(defaultDays).offer);
      expect(asl.States['Coordinator: ask']?.TimeoutSeconds).toBe(259_200);
      expect(asl.States['Coordinator: remind']?.TimeoutSeconds).toBe(172_800);
      expect(asl.States['Coordinator: escalate to backup']?.TimeoutSeconds).toBe(259_200);
    });

    it('gives the coordinator a link that expires with the escalation, and the backup one that expires with its window', () => {
      expect(payloadOf(asl.States['Coordinator: ask'])).toMatchObject({ action: 'request', level: 1, expiresInSeconds: 5 * DAY });
      expect(payloadOf(asl.States['Coordinator: escalate to backup'])).toMatchObject({ action: 'escalate', level: 1, expiresInSeconds: 3 * DAY });
    });

    it('publishes an approved offer and tells the partner', () => {
      expect(approvalPath(asl)).toEqual(['Coordinator: ask', 'Coordinator: decision?', 'Publish and tell partner', 'Published']);
      expect(payloadOf(asl.States['Publish and tell partner'])).toMatchObject({ action: 'publish', 'decision.$': '$.decision' });
      expect(asl.States.Published?.Type).toBe('Succeed');
    });

    it('tells the partner of a refusal', () => {
      expect(pathWith(asl, { decision: { action: 'reject' } })).toEqual(['Coordinator: ask', 'Coordinator: decision?', 'Tell partner of refusal', 'Refused']);
      expect(payloadOf(asl.States['Tell partner of refusal'])).toMatchObject({ action: 'refuse', 'decision.$': '$.decision' });
      expect(asl.States.Refused?.Type).toBe('Succeed');
    });

    it('ends an offer nobody decided, after the backup, in the Expired end state', () => {
      expect(timeoutCatch(asl.States['Coordinator: escalate to backup']!)?.Next).toBe('Coordinator: expire');
      expect(asl.States['Coordinator: expire']?.Next).toBe('Coordinator: expired?');
      expect(branch(asl, 'Coordinator: expired?', { decision: { outcome: 'expired' } })).toBe('Expired');
      // A decision that came in as the step expired still counts.
      expect(branch(asl, 'Coordinator: expired?', { decision: { action: 'approve' } })).toBe('Coordinator: decision?');
      expect(asl.States.Expired?.Type).toBe('Succeed');
    });
  });

  describe('the application state machine', () => {
    let asl: Asl;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate, workflowSpecs.application.stateMachineName);
    });
    /** An application every person approves, whose seat is confirmed and whose internship starts. */
    const happy = { decision: { action: 'approve' }, seat: { status: 'CONFIRMED' }, begin: { status: 'IN_PROGRESS' } };

    it('runs its steps in order: receipt, supervisor, coordinator, host, seat, start, internship, end, report, hours, JP', () => {
      expect(pathWith(asl, happy)).toEqual([
        'Send receipt',
        'Supervisor: ask',
        'Supervisor: decision?',
        'Coordinator: ask',
        'Coordinator: decision?',
        'Host: ask',
        'Host: decision?',
        'Reserve a seat',
        'Seat?',
        'Wait until the start',
        'Begin internship',
        'Started?',
        'Wait until the end',
        'Ask for the report',
        'Host confirms hours: ask',
        'Host confirms hours: decision?',
        'Credit JP',
        'Completed',
      ]);
      expect(asl.States.Completed?.Type).toBe('Succeed');
    });

    it('asks each human decision at its level: supervisor 1, coordinator 2, host 3, hours 4', () => {
      applicationDecisions.forEach((label, i) => {
        for (const step of ['ask', 'remind', 'escalate to backup', 'expire'])
          expect(payloadOf(asl.States[`${label}: ${step}`])?.level, `${label}: ${step}`).toBe(i + 1);
      });
    });

    it('gives every wait for a person a timeout, whose States.Timeout leads to the next escalation', () => {
      expect(actualWaits(asl)).toEqual(expectedPlacementWaits(defaultDays).application);
    });

    it('waits until the start and the end dates of the reserved seat', () => {
      expect(asl.States['Reserve a seat']).toMatchObject({ Type: 'Task', ResultPath: '$.seat' });
      expect(asl.States['Wait until the start']).toMatchObject({ Type: 'Wait', TimestampPath: '$.seat.startAt', Next: 'Begin internship' });
      expect(asl.States['Wait until the end']).toMatchObject({ Type: 'Wait', TimestampPath: '$.seat.endAt', Next: 'Ask for the report' });
      for (const wait of ['Wait until the start', 'Wait until the end']) expect(asl.States[wait]?.Seconds, wait).toBeUndefined();
    });

    it('waits for the start on a waitlisted seat too, and ends without a seat otherwise', () => {
      expect(branch(asl, 'Seat?', { seat: { status: 'CONFIRMED' } })).toBe('Wait until the start');
      expect(branch(asl, 'Seat?', { seat: { status: 'WAITLISTED' } })).toBe('Wait until the start');
      expect(branch(asl, 'Seat?', { seat: { status: 'FULL' } })).toBe('No seat');
      expect(asl.States['No seat']?.Type).toBe('Succeed');
    });

    it('waits for the end only when the internship began', () => {
      expect(asl.States['Begin internship']?.ResultPath).toBe('$.begin');
      expect(branch(asl, 'Started?', { begin: { status: 'IN_PROGRESS' } })).toBe('Wait until the end');
      expect(branch(asl, 'Started?', { begin: { status: 'WITHDRAWN' } })).toBe('Not started');
      expect(asl.States['Not started']?.Type).toBe('Succeed');
    });

    it('gives the ASN reportWindowDays (14) to report, with a link that expires with the window, and reminds them 3 days before it closes', () => {
      const ask = asl.States['Ask for the report']!;
      const remind = asl.States['Remind about the report']!;
      expect(isWaitForPerson(ask)).toBe(true);
      expect(ask.TimeoutSeconds).toBe(11 * DAY);
      expect(payloadOf(ask)).toMatchObject({ action: 'requestReport', expiresInSeconds: 14 * DAY });
      expect(ask.ResultPath).toBe('$.report');
      expect(timeoutCatch(ask)?.Next).toBe('Remind about the report');
      expect(isWaitForPerson(remind)).toBe(true);
      expect(remind.TimeoutSeconds).toBe(3 * DAY);
      expect(payloadOf(remind)).toMatchObject({ action: 'remindReport' });
      expect(remind).toMatchObject({ ResultPath: '$.report', Next: 'Host confirms hours: ask' });
    });

    it('closes an unreported application when the window ends, and still lets a late report through to the host', () => {
      expect(timeoutCatch(asl.States['Remind about the report']!)?.Next).toBe('Close unreported application');
      expect(asl.States['Close unreported application']).toMatchObject({ ResultPath: '$.report', Next: 'Reported in time?' });
      expect(branch(asl, 'Reported in time?', { report: { action: 'report' } })).toBe('Host confirms hours: ask');
      expect(branch(asl, 'Reported in time?', { report: { outcome: 'expired' } })).toBe('Expired');
    });

    it.each([
      ['Supervisor', 1, 'supervisor'],
      ['Coordinator', 2, 'coordinator'],
      ['Host', 3, 'host'],
    ])('routes a rejection by the %s (level %i) to its rejection task, and a withdrawal to Withdrawn', (label, level, who) => {
      const choice = `${label}: decision?`;
      const rejection = `Tell applicant of rejection (${who})`;
      expect(branch(asl, choice, { decision: { action: 'reject' } })).toBe(rejection);
      expect(asl.States[rejection]).toMatchObject({ Type: 'Task', Next: 'Rejected' });
      expect(payloadOf(asl.States[rejection])).toMatchObject({ action: 'reject', level, 'decision.$': '$.decision' });
      expect(branch(asl, choice, { decision: { action: 'withdrawn' } })).toBe('Withdrawn');
      expect(asl.States.Rejected?.Type).toBe('Succeed');
      expect(asl.States.Withdrawn?.Type).toBe('Succeed');
    });

    it('credits the JP when the host confirms the hours, and tells the applicant when the host does not', () => {
      expect(branch(asl, 'Host confirms hours: decision?', { decision: { action: 'approve' } })).toBe('Credit JP');
      expect(payloadOf(asl.States['Credit JP'])).toMatchObject({ action: 'credit', 'decision.$': '$.decision' });
      expect(branch(asl, 'Host confirms hours: decision?', { decision: { action: 'reject' } })).toBe('Tell applicant of rejection (hours)');
      expect(payloadOf(asl.States['Tell applicant of rejection (hours)'])).toMatchObject({ action: 'reject', level: 4 });
      expect(asl.States['Tell applicant of rejection (hours)']?.Next).toBe('Rejected');
    });

    it('ends a step nobody answered, after its backup, in the Expired end state', () => {
      for (const label of applicationDecisions) {
        expect(timeoutCatch(asl.States[`${label}: escalate to backup`]!)?.Next, label).toBe(`${label}: expire`);
        expect(asl.States[`${label}: expire`]?.Next, label).toBe(`${label}: expired?`);
        expect(branch(asl, `${label}: expired?`, { decision: { outcome: 'expired' } }), label).toBe('Expired');
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
    const synthesized = synth({ approvalChain });
    const asl = aslOf(synthesized.statelessTemplate);

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
    for (const fn of Object.values(configuredFunctionsOf(synthesized))) {
      const chain = JSON.parse(String((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.APPROVAL_CHAIN)) as { role: string }[];
      expect(chain.map((level) => level.role)).toEqual(['coordinator', 'secretary', 'head']);
    }
  });

  it('sends the reminder after reminderAfterDays, in every workflow', () => {
    const { statelessTemplate } = synth({ reminderAfterDays: 1 });
    const days = { ...defaultDays, reminder: 1 };
    const asl = aslOf(statelessTemplate);
    expect(asl.States['Level 1 (coordinator): ask']?.TimeoutSeconds).toBe(86_400);
    expect(asl.States['Level 2 (head): ask']?.TimeoutSeconds).toBe(86_400);
    expect(actualWaits(asl)).toEqual(expectedWaits(['coordinator', 'head'], days));
    expect(actualWaits(aslOf(statelessTemplate, workflowSpecs.offer.stateMachineName))).toEqual(expectedPlacementWaits(days).offer);
    expect(actualWaits(aslOf(statelessTemplate, workflowSpecs.application.stateMachineName))).toEqual(expectedPlacementWaits(days).application);
  });

  it('gives the ASN reportWindowDays to report: 7 days are 604800 seconds for the link, asked for 4 and reminded for 3', () => {
    const asl = aslOf(synth({ reportWindowDays: 7 }).statelessTemplate, workflowSpecs.application.stateMachineName);
    expect(asl.States['Ask for the report']?.TimeoutSeconds).toBe(4 * DAY);
    expect(payloadOf(asl.States['Ask for the report'])?.expiresInSeconds).toBe(604_800);
    expect(actualWaits(asl)).toEqual(expectedPlacementWaits({ ...defaultDays, report: 7 }).application);
  });

  it('sends no report reminder when the window is no longer than the reminder delay', () => {
    const asl = aslOf(synth({ reportWindowDays: 2 }).statelessTemplate, workflowSpecs.application.stateMachineName);
    expect(asl.States['Remind about the report']).toBeUndefined();
    expect(asl.States['Ask for the report']?.TimeoutSeconds).toBe(2 * DAY);
    expect(timeoutCatch(asl.States['Ask for the report']!)?.Next).toBe('Close unreported application');
  });

  it('lets the mailing functions send only as the senderEmail it is given', () => {
    const other = synth({ senderEmail: 'noreply@bkpsdm.surakarta.go.id' });
    for (const name of mailingFunctions) {
      const ses = statementsFor(statementsOf(other.statelessTemplate, logicalIdOf(other.stateless, name)), 'ses');
      expect(ses.length, name).toBeGreaterThan(0);
      for (const s of ses) expect(s.Condition, name).toEqual({ StringEquals: { 'ses:FromAddress': 'noreply@bkpsdm.surakarta.go.id' } });
    }
  });

  it('tells every configured function the work units when they are set', () => {
    const workUnits = ['Dinas Kesehatan', 'Dinas Pendidikan'];
    const lambdas = Object.entries(configuredFunctionsOf(synth({ workUnits })));
    expect(lambdas.length).toBeGreaterThan(0);
    for (const [id, fn] of lambdas)
      expect((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.WORK_UNITS, id).toBe(JSON.stringify(workUnits));
  });

  it('tells every configured function the official mail domains when they are set', () => {
    const domains = ['surakarta.go.id', 'solo.go.id'];
    const lambdas = Object.entries(configuredFunctionsOf(synth({ officialEmailDomains: domains })));
    expect(lambdas.length).toBeGreaterThan(0);
    for (const [id, fn] of lambdas)
      expect((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.OFFICIAL_EMAIL_DOMAINS, id).toBe(JSON.stringify(domains));
  });

  it('refuses an escalation that would not come after the reminder', () => {
    expect(() => synth({ reminderAfterDays: 5, escalateAfterDays: 5 })).toThrow(/escalateAfterDays must be later than reminderAfterDays/);
    expect(() => synth({ reminderAfterDays: 3, escalateAfterDays: 2 })).toThrow(/escalateAfterDays must be later than reminderAfterDays/);
  });

  it('refuses a malformed approval chain, naming the bad field', () => {
    expect(() =>
      synth({ approvalChain: [{ role: 'coordinator', approver: { name: 'A', email: 'not-an-email' }, backup: { name: 'B', email: 'b@b.id' } }] }),
    ).toThrow(/Invalid context: approvalChain\.0\.approver\.email/);
  });

  it('refuses a log retention CloudWatch does not offer, before anything is deployed', () => {
    expect(() => synth({ logRetentionDays: 10 })).toThrow(/Invalid context: logRetentionDays: must be one of 1, 3, 5/);
  });

  it('refuses a report window that is not a positive number of days, naming the key', () => {
    expect(() => synth({ reportWindowDays: 0 })).toThrow(/Invalid context: reportWindowDays/);
  });

  it('refuses windows that would let an application outlast the year a Standard execution may run', () => {
    expect(() => synth({ reportWindowDays: 60 })).toThrow(/reportWindowDays \+ escalateAfterDays \+ backupWindowDays must be at most 64/);
    expect(() => synth({ reportWindowDays: 56 })).not.toThrow();
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
    suppressedViolations: { ruleName: string; acknowledgedId: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
  }
  const reportIn = (outdir: string) =>
    (JSON.parse(readFileSync(join(outdir, VALIDATION_REPORT_FILE), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;

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
        expect(
          report.violations.map((v) => v.ruleName),
          report.pluginName,
        ).toEqual([]);
      }
    });

    it('only suppress findings with a stated reason', () => {
      const suppressed = reports.flatMap((r) => r.suppressedViolations);
      expect(suppressed.length).toBeGreaterThan(0);
      for (const s of suppressed) expect(s.reason.trim().length, s.acknowledgedId).toBeGreaterThan(20);
    });

    it('acknowledge "*" only on the traces and log delivery policies, construct by construct', () => {
      const starAcknowledged = synthesized.app.node
        .findAll()
        .filter((c) =>
          c.node.metadata.some(
            (m) =>
              m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && 'AwsSolutions::AwsSolutions-IAM5[Resource::*]' in (m.data as Record<string, unknown>),
          ),
        )
        .map((c) => c.node.path);
      expect(starAcknowledged.sort()).toEqual(['Sinergi-dev-Stateless/FunctionTraces', 'Sinergi-dev-Stateless/WorkflowDelivery']);
      const suppressed = reports.flatMap((r) => r.suppressedViolations).filter((v) => v.ruleName === 'AwsSolutions-IAM5[Resource::*]');
      expect(suppressed.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath)).sort()).toEqual([
        'Sinergi-dev-Stateless/FunctionTraces/Resource',
        'Sinergi-dev-Stateless/WorkflowDelivery/Resource',
      ]);
    });

    it('record a non-empty reason with every acknowledgement in the construct tree', () => {
      const acknowledgements = synthesized.app.node
        .findAll()
        .flatMap((c) =>
          c.node.metadata
            .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            .map((m) => ({ path: c.node.path, data: m.data as Record<string, unknown> })),
        )
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

  it.each([
    [
      'a function that has none',
      (stateless: ReturnType<typeof buildApp>['stateless']) => stateless.node.findChild('CataloguePage') as IFunction,
      'CataloguePage/ServiceRole/DefaultPolicy/Resource',
    ],
    [
      'a state machine',
      (stateless: ReturnType<typeof buildApp>['stateless']) => stateless.application.stateMachine,
      'Application/StateMachine/Role/DefaultPolicy/Resource',
    ],
  ] as const)('fail synthesis on a grant on "*" added to %s (the acknowledgement of "*" does not reach it)', (_what, grantee, path) => {
    const { app, stateless, outdir } = freshApp();
    grantee(stateless).addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
    const awsSolutions = reportIn(outdir).find((r) => r.pluginName === 'AwsSolutions');
    expect(awsSolutions?.conclusion).toBe('failure');
    expect(awsSolutions?.violations).toEqual([
      expect.objectContaining({
        ruleName: 'AwsSolutions-IAM5[Resource::*]',
        violatingConstructs: [expect.objectContaining({ constructPath: `Sinergi-dev-Stateless/${path}` })],
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
  const routesByKey = () =>
    Object.fromEntries(
      Object.values(resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Route')).map((r) => [String(r.Properties?.RouteKey), r.Properties ?? {}]),
    );

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
      expect(client.Properties).toMatchObject({
        UserPoolId: { Ref: poolId },
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: false,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      });
      expect(client.Properties?.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    });
  });

  describe('the JWT authorizer (stateless stack)', () => {
    it.each(coordinatorRoutes)("guards %s with the user pool's issuer and the app client as audience", (key) => {
      const route = routesByKey()[key];
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
      const others = Object.entries(routesByKey()).filter(([key]) => !coordinatorRoutes.includes(key));
      expect(others.map(([key]) => key).sort()).toEqual(
        Object.keys(expectedRoutes)
          .filter((key) => !coordinatorRoutes.includes(key))
          .sort(),
      );
      for (const [key, route] of others) {
        expect(route.AuthorizationType ?? 'NONE', key).toBe('NONE');
        expect(route.AuthorizerId, key).toBeUndefined();
      }
    });

    it.each(coordinatorRoutes.map((key) => [key, expectedRoutes[key]!]))('%s invokes %s, which can only read the table and nothing else', (key, name) => {
      const route = routesByKey()[key]!;
      const integrationId = /\$\{Ref:([^}]+)\}/.exec(flatten(route.Target))?.[1] ?? '';
      const integration = resourcesOf(app.statelessTemplate, 'AWS::ApiGatewayV2::Integration')[integrationId];
      const functionId = (integration?.Properties?.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(functionId).toBe(logicalIdOf(app.stateless, name));

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

describe('the workflow alarms', () => {
  let stateless: ReturnType<typeof buildApp>['stateless'];
  let template: Template;
  /** Logical id of each workflow's state machine. */
  const machineId = {} as Record<Workflow, string>;
  beforeAll(() => {
    stateless = buildApp(new App({ context: templateOnly })).stateless;
    template = Template.fromStack(stateless);
    for (const workflow of workflows) [machineId[workflow]] = stateMachineNamed(template, workflowSpecs[workflow].stateMachineName);
  });

  /** The alarms on one metric of Step Functions, by logical id. */
  const alarmsOn = (metricName: string) =>
    Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm')).filter(
      ([, alarm]) => alarm.Properties?.Namespace === 'AWS/States' && alarm.Properties.MetricName === metricName,
    );
  /** The alarm on one metric of one workflow's state machine (its Ref is its ARN: the only dimension these metrics are published with). */
  const alarmOf = (workflow: Workflow, metricName: string) => {
    const found = alarmsOn(metricName).filter(
      ([, alarm]) => JSON.stringify(alarm.Properties?.Dimensions) === JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: machineId[workflow] } }]),
    );
    expect(
      found.map(([id]) => id),
      `${workflow}: ${metricName}`,
    ).toHaveLength(1);
    return found[0]!;
  };

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut'])('watches %s of each state machine, and of nothing else', (metricName) => {
    const watched = alarmsOn(metricName).map(([, alarm]) => alarm.Properties?.Dimensions);
    expect(watched).toHaveLength(workflows.length);
    expect(watched).toEqual(expect.arrayContaining(workflows.map((w) => [{ Name: 'StateMachineArn', Value: { Ref: machineId[w] } }])));
  });

  describe.each(titledWorkflows)('of the %s workflow', (_title, workflow) => {
    it.each(['ExecutionsFailed', 'ExecutionsTimedOut'])('go off at the first %s in 5 minutes, and stay quiet without data', (metricName) => {
      expect(alarmOf(workflow, metricName)[1].Properties).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('are exposed on the workflow construct, for operators to attach their notification', () => {
      const construct = { proposal: stateless.proposalReview, offer: stateless.placementOffer, application: stateless.application }[workflow];
      const logicalId = (alarm: typeof construct.failedAlarm) => stateless.getLogicalId(alarm.node.defaultChild as CfnElement);
      expect(logicalId(construct.failedAlarm)).toBe(alarmOf(workflow, 'ExecutionsFailed')[0]);
      expect(logicalId(construct.timedOutAlarm)).toBe(alarmOf(workflow, 'ExecutionsTimedOut')[0]);
    });
  });

  it('creates no notification topic of its own', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::SNS::Topic'))).toEqual([]);
  });
});
