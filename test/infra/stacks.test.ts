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
import { MAX_MEMBERS } from '../../shared/research/research.schema.js';

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
  NumericGreaterThan?: number;
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
  /** A timeout read from the state's input instead of a fixed TimeoutSeconds. */
  TimeoutSecondsPath?: string;
  Seconds?: number;
  TimestampPath?: string;
  ResultPath?: string | null;
  Parameters?: Record<string, unknown>;
  Next?: string;
  Default?: string;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[];
  Choices?: ChoiceRule[];
  /** A Map state: what it iterates over, what each iteration is given, how many run at once, and the states of one iteration. */
  ItemsPath?: string;
  ItemSelector?: Record<string, unknown>;
  MaxConcurrency?: number;
  ItemProcessor?: Asl & { ProcessorConfig?: { Mode?: string } };
  /** The older name of a Map's ItemProcessor. */
  Iterator?: Asl;
  /** A Parallel state's branches. */
  Branches?: Asl[];
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
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

type Workflow = 'proposal' | 'offer' | 'application' | 'research' | 'milestone';

/** What the stack is meant to make for each workflow (default context: the dev stage). */
const workflowSpecs: Record<Workflow, { title: string; stateMachineName: string; taskFunction: string; failed: string }> = {
  proposal: { title: 'proposal review', stateMachineName: 'sinergi-dev-proposal-review', taskFunction: 'ProposalReviewTask', failed: 'Review failed' },
  offer: { title: 'placement offer', stateMachineName: 'sinergi-dev-placement-offer', taskFunction: 'OfferTask', failed: 'Offer review failed' },
  application: { title: 'application', stateMachineName: 'sinergi-dev-application', taskFunction: 'ApplicationTask', failed: 'Application failed' },
  research: { title: 'research project', stateMachineName: 'sinergi-dev-research-project', taskFunction: 'ResearchTask', failed: 'Project failed' },
  milestone: { title: 'research milestone', stateMachineName: 'sinergi-dev-research-milestone', taskFunction: 'MilestoneTask', failed: 'Milestone failed' },
};
/**
 * The waits for a person whose timeout is read from the state's input (`TimeoutSecondsPath`),
 * by workflow; every other wait has a fixed `TimeoutSeconds`. The milestone's wait for the lead,
 * and its wait beside an extension's decision, last as long as its plan says.
 */
const waitsTimedByPath: Partial<Record<Workflow, Record<string, string>>> = {
  milestone: { 'Wait for the lead': '$.tick.waitSeconds', 'Wait beside the decision': '$.tick.waitSeconds' },
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

/** The state machines a Map or Parallel state runs: its iteration's, or each branch. */
const nestedOf = (state: AslState): Asl[] => [
  ...(state.ItemProcessor ? [state.ItemProcessor] : []),
  ...(state.Iterator ? [state.Iterator] : []),
  ...(state.Branches ?? []),
];
/**
 * Every state of a definition, those inside its Map and Parallel states included, each with the
 * states it is among (where its Next and Catch must lead) and the Map or Parallel state that runs
 * it (undefined at the top level).
 */
function everyState(asl: Asl, enclosing?: string): { name: string; state: AslState; among: Asl; enclosing?: string }[] {
  return Object.entries(asl.States).flatMap(([name, state]) => [
    { name, state, among: asl, enclosing },
    ...nestedOf(state).flatMap((nested) => everyState(nested, name)),
  ]);
}
/** The states one iteration of a Map state runs, as a definition of their own. */
function iterationOf(asl: Asl, mapState: string): Asl {
  const state = asl.States[mapState];
  expect(state?.Type, mapState).toBe('Map');
  const iteration = state?.ItemProcessor ?? state?.Iterator;
  expect(iteration, `${mapState}: ItemProcessor`).toBeDefined();
  return iteration!;
}

/** The Retry every Task of the project has (the workflow kit's), beside CDK's own for Lambda's service errors. */
const projectRetry = { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 7, MaxDelaySeconds: 60 };

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
  if (rule.NumericGreaterThan !== undefined) return typeof value === 'number' && value > rule.NumericGreaterThan;
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
const expectedPlacementWaits = (days: Days): Record<'offer' | 'application', Waits> => ({
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

/** The research project's map of consents, and what one of its iterations holds. */
const consentMap = 'Ask every supervisor';
const consentDecision = 'Supervisor consents';
const planReview = 'Coordinator reviews plan';
/**
 * The person-waiting states of the research project: at the top the plan review and the
 * partner's revision of a plan sent back, and one supervisor's consent in each iteration of the map.
 */
const expectedResearchWaits = (days: Days): { top: Waits; consent: Waits } => ({
  top: {
    ...decisionWaits(planReview, days),
    'Wait for revision': { timeoutSeconds: days.revision * DAY, onTimeout: 'Close unrevised project' },
  },
  consent: decisionWaits(consentDecision, days),
});

/** The research milestone's Parallel state, whose branches are its two reviewers deciding at once (by label, with their level). */
const coReview = 'Co-review';
const coReviewers = [
  ['Coordinator', 1],
  ['Co-reviewer', 2],
] as const;
/** The milestone's human decision when the rounds run out or stay open: the coordinator alone, at level 3. */
const soleDecision = 'Coordinator decides alone';
/**
 * The milestone's Parallel state for a lead's request for a later due date: in one branch the
 * coordinator decides it at level 4, in the other the milestone's time is kept beside the decision.
 */
const extensionAsked = 'Extension asked';
/** The coordinator deciding on a lead's request for a later due date, at level 4. */
const extensionDecision = 'Coordinator decides extension';
/** The extension's two branches, by what each one does, with the state each starts at. */
const extensionBranchStarts = { decision: `${extensionDecision}: ask`, time: 'Keep time' } as const;
/**
 * The person-waiting states of the research milestone: at the top the wait for the lead (as
 * long as its plan says, read from the state; its timeout plans again) and the coordinator
 * deciding alone; in each branch of the co-review one reviewer's decision; in the extension's
 * branches the coordinator's decision on it and the wait beside it (as long as its plan says;
 * its timeout keeps time again).
 */
const expectedMilestoneWaits = (days: Days): { top: Waits; branches: Record<string, Waits>; extension: Record<keyof typeof extensionBranchStarts, Waits> } => ({
  top: {
    'Wait for the lead': { timeoutSeconds: undefined, onTimeout: 'Plan after the wait' },
    ...decisionWaits(soleDecision, days),
  },
  branches: Object.fromEntries(coReviewers.map(([label]) => [label, decisionWaits(`${label} reviews`, days)])),
  extension: {
    decision: decisionWaits(extensionDecision, days),
    time: { 'Wait beside the decision': { timeoutSeconds: undefined, onTimeout: 'Keep time after the wait' } },
  },
});
/** Every person-waiting state of the research milestone, those inside its Parallel states included. */
const allMilestoneWaits = (days: Days): Waits => {
  const { top, branches, extension } = expectedMilestoneWaits(days);
  return Object.assign({}, top, ...Object.values(branches), ...Object.values(extension)) as Waits;
};
/** The branches of a Parallel state of the top level. */
function branchesOf(asl: Asl, parallel: string): Asl[] {
  const state = asl.States[parallel];
  expect(state?.Type, parallel).toBe('Parallel');
  return state?.Branches ?? [];
}
/** The branches of the milestone's co-review, by the reviewer each one asks (told apart by the state it starts at). */
function coReviewBranches(asl: Asl): Record<string, Asl> {
  return Object.fromEntries(branchesOf(asl, coReview).map((b) => [b.StartAt.replace(/ reviews: ask$/, ''), b]));
}
/** The two branches of the milestone's extension, told apart by the state each starts at: there must be exactly these two. */
function extensionBranches(asl: Asl): Record<keyof typeof extensionBranchStarts, Asl> {
  const branches = branchesOf(asl, extensionAsked);
  expect(branches.map((b) => b.StartAt).sort(), extensionAsked).toEqual(Object.values(extensionBranchStarts).sort());
  const startingAt = (start: string) => branches.find((b) => b.StartAt === start)!;
  return { decision: startingAt(extensionBranchStarts.decision), time: startingAt(extensionBranchStarts.time) };
}

const waitOf = (state: AslState) => ({ timeoutSeconds: state.TimeoutSeconds, onTimeout: timeoutCatch(state)?.Next });
/** What the person-waiting states of `asl` actually do, in the shape of `expectedWaits` (its own states, not those inside a Map or Parallel state). */
function actualWaits(asl: Asl): Waits {
  return Object.fromEntries(
    Object.entries(asl.States)
      .filter(([, state]) => isWaitForPerson(state))
      .map(([name, state]) => [name, waitOf(state)]),
  );
}
/** What every person-waiting state of `asl` does, those inside its Map and Parallel states included. */
function everyWait(asl: Asl): Waits {
  return Object.fromEntries(
    everyState(asl)
      .filter(({ state }) => isWaitForPerson(state))
      .map(({ name, state }) => [name, waitOf(state)]),
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
  'ProjectPage',
  'MilestonePage',
  'ProjectRevisionPage',
  'OpenApiDocument',
];
/** The coordinators' reads, behind the JWT authorizer. */
const coordinatorFunctions = ['CoordinatorListProposals', 'CoordinatorListApplications', 'CoordinatorJpReport', 'CoordinatorProjects'];
const readOnlyFunctions = [...pageFunctions, ...coordinatorFunctions];
/**
 * Which workflows each function starts (`workflow: 'start'` in the stack): an offer's and a
 * research project's submission (by a partner, through their link or form), and the
 * confirmation of a proposal or an application (their submissions start nothing).
 */
const startsOnly: Record<string, Workflow[]> = {
  OfferFormSubmit: ['offer'],
  OfferApiSubmit: ['offer'],
  ProjectApiSubmit: ['research'],
  ProjectFormSubmit: ['research'],
  ConfirmSubmit: ['proposal', 'application'],
};
/**
 * Task functions that also start executions beside the waits they answer (`alsoStarts`): the
 * research project's, whose approval starts each milestone's cycle, and the milestone's, whose
 * execution hands over to the next generation of itself.
 */
const alsoStarts: Record<string, Workflow[]> = {
  ResearchTask: ['milestone'],
  MilestoneTask: ['milestone'],
};
/** Which workflows each function may start executions of, from either grant. */
const starts: Record<string, Workflow[]> = { ...startsOnly, ...alsoStarts };
/** Which workflows' waiting tasks each function may answer. */
const answers: Record<string, Workflow[]> = {
  DecisionSubmit: ['proposal', 'offer', 'application', 'research', 'milestone'],
  RevisionSubmit: ['proposal'],
  Withdraw: ['application'],
  MilestoneSubmit: ['milestone'],
  ProjectRevisionSubmit: ['research'],
  ProposalReviewTask: ['proposal'],
  OfferTask: ['offer'],
  ApplicationTask: ['application'],
  ResearchTask: ['research'],
  MilestoneTask: ['milestone'],
};
const startFunctions = Object.keys(starts);
const respondFunctions = Object.keys(answers);
const taskFunctions = workflows.map((w) => workflowSpecs[w].taskFunction);
/**
 * Submissions that remove what they stored when its workflow cannot start or its confirmation
 * cannot be mailed, the functions that free an ended application's claim on its placement
 * (the withdrawal, the application's tasks), a research plan's resubmission (the milestones
 * the revised plan no longer has), and the research project's and milestone's tasks, which
 * release the event standing for a mail that could not be sent so that a retry sends it.
 */
const deletingFunctions = [
  'ProposalFormSubmit',
  'ProposalApiSubmit',
  'OfferFormSubmit',
  'OfferApiSubmit',
  'ProjectApiSubmit',
  'ProjectFormSubmit',
  'ProjectRevisionSubmit',
  'ApplyFormSubmit',
  'ApplyApiSubmit',
  'Withdraw',
  'ApplicationTask',
  'ResearchTask',
  'MilestoneTask',
];
/** The submissions mail their confirmation links; the confirmation mails an application's refusal. */
const submitFunctions = ['ProposalFormSubmit', 'ProposalApiSubmit', 'ApplyFormSubmit', 'ApplyApiSubmit'];
/**
 * A research project's submissions mail nothing themselves (its workflow sends the receipt), but
 * mint the project's tracking link; a plan's resubmission mints its links again. The partner
 * page, and the offer form that shows it again, mint the tracking link of each project it lists
 * (the table keeps only their hashes). A milestone's submission mints nothing (its cycle's tasks
 * send the mail).
 */
const mailingFunctions = [...taskFunctions, 'Withdraw', ...submitFunctions, 'ConfirmSubmit'];
const linkMintingFunctions = [
  ...submitFunctions,
  'ConfirmSubmit',
  'RevisionSubmit',
  'Withdraw',
  'PartnerPage',
  'OfferFormSubmit',
  'ProjectApiSubmit',
  'ProjectFormSubmit',
  'ProjectRevisionSubmit',
  ...taskFunctions,
];
const cursorSigningFunctions = ['CoordinatorListProposals', 'CoordinatorListApplications', 'CoordinatorProjects'];
/** The functions of the domain: each is told the shared configuration (what each may do in the table: expectedTableAccess). */
/** Functions that write in the table but start, answer and mail nothing: a logbook entry. */
const plainWriters = ['LogbookSubmit'];
const tableFunctions = [...new Set([...readOnlyFunctions, ...submitFunctions, ...startFunctions, ...respondFunctions, ...plainWriters])];
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
type Partition = 'PROPOSAL' | 'PARTNERSHIP' | 'PLACEMENT' | 'APPLICATION' | 'PROJECT' | 'ASN' | 'LINK' | 'IDEMPOTENCY' | 'RATE';
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
  // The link, then its subject: a project with its members and milestones is one query of its partition.
  DecisionPage: { GetItem: ['table'], Query: ['table'] },
  ConfirmPage: { GetItem: ['table'] },
  ConfirmSubmit: {
    GetItem: ['table'],
    PutItem: ['APPLICATION', 'PLACEMENT', 'PROPOSAL'],
    UpdateItem: ['APPLICATION', 'ASN', 'LINK', 'PROPOSAL'],
    ConditionCheckItem: ['PLACEMENT'],
  },
  // A consent is recorded on the project's member (an update in PROJECT); a plan decision checks the project is still in review;
  // a milestone's co-review decision is recorded on the milestone (in PROJECT) and resumes the milestone's cycle.
  DecisionSubmit: {
    GetItem: ['table'],
    Query: ['table'],
    PutItem: ['APPLICATION', 'PLACEMENT', 'PROJECT', 'PROPOSAL'],
    UpdateItem: ['APPLICATION', 'LINK', 'PROJECT'],
    ConditionCheckItem: ['APPLICATION', 'PLACEMENT', 'PROJECT', 'PROPOSAL'],
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
  // The project with its members, milestones, first event and tracking link; removed together if its workflow does not start.
  ProjectApiSubmit: { GetItem: ['table'], PutItem: ['LINK', 'PROJECT'], DeleteItem: ['LINK', 'PROJECT'] },
  // The partner page's form: it writes as the JSON route does, and shows the partner's page (gsi2) again beside its messages.
  ProjectFormSubmit: { GetItem: ['table'], Query: ['gsi2'], PutItem: ['LINK', 'PROJECT'], DeleteItem: ['LINK', 'PROJECT'] },
  // The edit link, then the project whole, shown as a form filled in.
  ProjectRevisionPage: { GetItem: ['table'], Query: ['table'] },
  // The edit link used once, the project's new text and round, its milestones rewritten (those dropped deleted), its event.
  ProjectRevisionSubmit: { GetItem: ['table'], Query: ['table'], PutItem: ['PROJECT'], UpdateItem: ['LINK', 'PROJECT'], DeleteItem: ['PROJECT'] },
  // The submission link, then its project whole.
  MilestonePage: { GetItem: ['table'], Query: ['table'] },
  // A draft kept on the milestone, or the link used once with the milestone SUBMITTED and its event.
  MilestoneSubmit: { GetItem: ['table'], Query: ['table'], PutItem: ['PROJECT'], UpdateItem: ['LINK', 'PROJECT'] },
  // The page link, then the project whole (one query of its partition), for the page and the calendar feed alike.
  ProjectPage: { GetItem: ['table'], Query: ['table'] },
  // A logbook entry in the project's partition; the page shown again with its messages reads the project whole.
  LogbookSubmit: { GetItem: ['table'], Query: ['table'], PutItem: ['PROJECT'] },
  // The list by status (gsi1), and one project whole (its partition).
  CoordinatorProjects: { Query: ['gsi1', 'table'] },
  ResearchTask: {
    GetItem: ['table'],
    Query: ['table'],
    PutItem: ['LINK', 'PROJECT'],
    UpdateItem: ['LINK', 'PROJECT'],
    DeleteItem: ['PROJECT'],
  },
  // The milestone's links, status and events (an event released if its mail fails); the round checked still in review;
  // on the final milestone's approval the project, and each member's JP credit and year (in ASN).
  MilestoneTask: {
    GetItem: ['table'],
    Query: ['table'],
    PutItem: ['ASN', 'LINK', 'PROJECT'],
    UpdateItem: ['ASN', 'LINK', 'PROJECT'],
    DeleteItem: ['PROJECT'],
    ConditionCheckItem: ['PROJECT'],
  },
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
  'POST /api/partners/{token}/projects': 'ProjectApiSubmit',
  'GET /projects/{token}': 'ProjectPage',
  'HEAD /projects/{token}': 'ProjectPage',
  'GET /projects/{token}/calendar.ics': 'ProjectPage',
  'HEAD /projects/{token}/calendar.ics': 'ProjectPage',
  'POST /projects/{token}/logbook': 'LogbookSubmit',
  'POST /partners/{token}/projects': 'ProjectFormSubmit',
  'GET /projects/edit/{token}': 'ProjectRevisionPage',
  'HEAD /projects/edit/{token}': 'ProjectRevisionPage',
  'POST /projects/edit/{token}': 'ProjectRevisionSubmit',
  'GET /milestones/{token}': 'MilestonePage',
  'HEAD /milestones/{token}': 'MilestonePage',
  'POST /milestones/{token}': 'MilestoneSubmit',
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
  'GET /api/projects': 'CoordinatorProjects',
  'GET /api/projects/{id}': 'CoordinatorProjects',
  'GET /api/openapi.json': 'OpenApiDocument',
};
/** The routes behind the coordinators' JWT authorizer; every other route is public. */
const coordinatorRoutes = ['GET /api/proposals', 'GET /api/placements/{id}/applications', 'GET /api/reports/jp', 'GET /api/projects', 'GET /api/projects/{id}'];

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
        expect(flatten(env(id).RESEARCH_WORKFLOW_ARN), id).toBe(arnOf('research'));
        expect(flatten(env(id).MILESTONE_WORKFLOW_ARN), id).toBe(arnOf('milestone'));
        // One ARN per workflow, and none for a state machine the stack does not make.
        expect(
          Object.keys(env(id))
            .filter((key) => key.endsWith('_WORKFLOW_ARN'))
            .sort(),
          id,
        ).toEqual(['APPLICATION_WORKFLOW_ARN', 'MILESTONE_WORKFLOW_ARN', 'OFFER_WORKFLOW_ARN', 'PROPOSAL_WORKFLOW_ARN', 'RESEARCH_WORKFLOW_ARN']);
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

    it("gets the research limits: 60 JP at most per member of a project, and a milestone's opening 30 days before it is due", () => {
      for (const id of configured) {
        expect(env(id).RESEARCH_MAX_JP_HOURS, id).toBe('60');
        expect(env(id).MILESTONE_OPEN_DAYS_BEFORE, id).toBe('30');
      }
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
      '%s deletes items only if it is a submission that undoes a proposal, offer, application or research project whose workflow did not start, frees an ended application’s claim, drops the milestones a revised plan no longer has, or releases a research event whose mail failed, and never writes in batches',
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
          for (const pattern of patterns) expect(pattern).toMatch(/^(PROPOSAL|PARTNERSHIP|PLACEMENT|APPLICATION|PROJECT|ASN|LINK|IDEMPOTENCY|RATE)#\*$/);
        }
      },
    );

    /**
     * A function's Step Functions statements, split into those that start executions (each of
     * them granting StartExecution alone) and the others (which must answer waits), with the
     * state machines each part names.
     */
    const workflowGrants = (name: string) => {
      const granted = statementsFor(statements(name), 'states');
      const starting = granted.filter((s) => toArray(s.Action).includes('states:StartExecution'));
      const answering = granted.filter((s) => !toArray(s.Action).includes('states:StartExecution'));
      const on = (list: Statement[]) => list.flatMap((s) => toArray(s.Resource).map(flatten)).sort();
      return { granted, starting, answering, startsOn: on(starting), answersOn: on(answering) };
    };

    it.each(Object.entries(answers).map(([name, answered]) => [name, stateMachinesNamed(answered), answered] as const))(
      '%s may answer waiting tasks of %s and no other, and start only the executions it is said to start',
      (name, _titles, answered) => {
        const { answering, starting, answersOn, startsOn } = workflowGrants(name);
        expect(allows(answering, 'states:SendTaskSuccess')).toBe(true);
        for (const s of answering) for (const action of toArray(s.Action)) expect(taskAnswers).toContain(action);
        expect(answersOn).toEqual(answered.map(arnOf).sort());
        // A task function that also starts executions does so on statements of their own (alsoStarts), on what it starts alone.
        for (const s of starting) expect(toArray(s.Action)).toEqual(['states:StartExecution']);
        expect(startsOn).toEqual((alsoStarts[name] ?? []).map(arnOf).sort());
        expect(allows(starting, 'states:SendTaskSuccess')).toBe(false);
      },
    );

    it.each(Object.entries(starts).map(([name, started]) => [name, stateMachinesNamed(started), started] as const))(
      '%s may start %s only',
      (name, _titles, started) => {
        const { starting, answering, startsOn, answersOn } = workflowGrants(name);
        expect(starting.length).toBeGreaterThan(0);
        for (const s of starting) expect(toArray(s.Action)).toEqual(['states:StartExecution']);
        expect(startsOn).toEqual(started.map(arnOf).sort());
        // Whatever else it may do in Step Functions answers waits, and only those `answers` gives it.
        for (const s of answering) for (const action of toArray(s.Action)) expect(taskAnswers).toContain(action);
        expect(answersOn).toEqual((answers[name] ?? []).map(arnOf).sort());
      },
    );

    it.each(allFunctions)('%s is granted in Step Functions exactly what it is said to start and answer, without a condition or NotAction', (name) => {
      const { granted, startsOn, answersOn } = workflowGrants(name);
      for (const s of granted) {
        expect(s.NotAction, JSON.stringify(s)).toBeUndefined();
        expect(s.Condition, JSON.stringify(s)).toBeUndefined();
        expect(toArray(s.Action).length, JSON.stringify(s)).toBeGreaterThan(0);
      }
      expect({ starts: startsOn, answers: answersOn }).toEqual({
        starts: (starts[name] ?? []).map(arnOf).sort(),
        answers: (answers[name] ?? []).map(arnOf).sort(),
      });
    });

    it("lets only the offers' and research projects' submissions, the confirmation, and the research project's and milestone's tasks start executions", () => {
      const starters = allFunctions.filter((name) => allows(statements(name), 'states:StartExecution'));
      expect(starters.sort()).toEqual([...startFunctions].sort());
    });

    it('starts executions from two grants: the submissions and the confirmation start without answering any wait, the task functions beside the waits they answer', () => {
      for (const name of Object.keys(startsOnly)) {
        expect(allows(statements(name), 'states:StartExecution'), name).toBe(true);
        expect(
          statementsFor(statements(name), 'states').filter((s) => toArray(s.Action).some((a) => taskAnswers.includes(a))),
          name,
        ).toEqual([]);
      }
      for (const name of Object.keys(alsoStarts)) {
        expect(taskFunctions, name).toContain(name);
        expect(respondFunctions, name).toContain(name);
        expect(allows(statements(name), 'states:SendTaskSuccess'), name).toBe(true);
      }
      expect(Object.keys(startsOnly).filter((name) => name in alsoStarts)).toEqual([]);
    });

    it.each(titledWorkflows)('lets only the functions stated here start or answer the %s state machine', (_title, workflow) => {
      const grantedOn = (action: string) =>
        allFunctions
          .filter((name) =>
            statementsFor(statements(name), 'states').some(
              (s) =>
                toArray(s.Action).some((a) => actionMatches(a, action)) &&
                toArray(s.Resource)
                  .map(flatten)
                  .some((r) => r === arnOf(workflow) || r.includes('*')),
            ),
          )
          .sort();
      expect(grantedOn('states:StartExecution')).toEqual(startFunctions.filter((name) => starts[name]!.includes(workflow)).sort());
      expect(grantedOn('states:SendTaskSuccess')).toEqual(respondFunctions.filter((name) => answers[name]!.includes(workflow)).sort());
    });

    it("lets only the research project's tasks (on approval) and the milestone's own tasks (its handover) start a milestone's execution", () => {
      const starters = allFunctions.filter((name) => workflowGrants(name).startsOn.includes(arnOf('milestone')));
      expect(starters.sort()).toEqual(['MilestoneTask', 'ResearchTask']);
      expect(workflowGrants('MilestoneTask').startsOn).toEqual([arnOf('milestone')]);
      expect(workflowGrants('ResearchTask').startsOn).toEqual([arnOf('milestone')]);
    });

    it('lets only the decision, revision, withdrawal and milestone submissions and the task functions answer waiting tasks', () => {
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

    it('serves every GET and HEAD route with a function that cannot write to the table, touch a workflow nor send email', () => {
      const reads = Object.entries(routes()).filter(([key]) => /^(GET|HEAD) /.test(key));
      expect(reads.map(([key]) => key).sort()).toEqual(
        Object.keys(expectedRoutes)
          .filter((key) => /^(GET|HEAD) /.test(key))
          .sort(),
      );
      const readers = new Set([...readOnlyFunctions, ...bareFunctions].map((name) => fnId[name]));
      for (const [key, functionId] of reads) {
        expect(readers.has(functionId), `${key}: ${expectedRoutes[key]} is a read-only function`).toBe(true);
        const granted = statementsOf(app.statelessTemplate, functionId);
        for (const action of [...tableWrites, 'dynamodb:ConditionCheckItem']) expect(allows(granted, action), `${key}: ${action}`).toBe(false);
        expect(statementsFor(granted, 'states'), key).toEqual([]);
        expect(statementsFor(granted, 'ses'), key).toEqual([]);
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

    it('runs every task in its own task function, those inside a Map or Parallel state too', () => {
      const own = `\${${logicalIdOf(app.stateless, spec.taskFunction)}.Arn}`;
      const tasks = everyState(asl).filter(({ state }) => state.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(0);
      for (const { name, state: task } of tasks) expect(isWaitForPerson(task) ? task.Parameters?.FunctionName : task.Resource, name).toBe(own);
    });

    it('names every state once in the whole definition, and leads every Next, Default and Catch to a state among its own', () => {
      const names = everyState(asl).map(({ name }) => name);
      expect(names.length).toBe(new Set(names).size);
      for (const { name, state, among } of everyState(asl)) {
        const targets = [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)].filter(
          (t): t is string => t !== undefined,
        );
        for (const target of targets) expect(Object.keys(among.States), `${name} → ${target}`).toContain(target);
      }
    });

    it('gives every wait for a person a timeout (fixed, or read from the state only where stated here), and catches it before the catch-all (States.ALL must come last)', () => {
      const byPath = waitsTimedByPath[workflow] ?? {};
      const waits = everyState(asl).filter(({ state }) => isWaitForPerson(state));
      expect(waits.length).toBeGreaterThan(0);
      expect(
        waits
          .filter(({ state }) => state.TimeoutSecondsPath !== undefined)
          .map(({ name }) => name)
          .sort(),
      ).toEqual(Object.keys(byPath).sort());
      for (const { name, state } of waits) {
        if (name in byPath) {
          expect(state.TimeoutSecondsPath, name).toBe(byPath[name]);
          expect(state.TimeoutSeconds, name).toBeUndefined();
        } else expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
        const errors = state.Catch!.map((c) => c.ErrorEquals.join(','));
        expect(errors.indexOf('States.Timeout'), name).toBeGreaterThanOrEqual(0);
        expect(errors.indexOf('States.Timeout'), name).toBeLessThan(errors.indexOf('States.ALL'));
      }
    });

    it("gives every Task (inside a Map or Parallel state too) the project's Retry, and a catch-all on States.ALL as its last Catch", () => {
      const tasks = everyState(asl).filter(({ state }) => state.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(0);
      for (const { name, state: task } of tasks) {
        expect(task.Retry, `${name}: Retry`).toContainEqual(projectRetry);
        expect(task.Catch?.at(-1)?.ErrorEquals, `${name}: Catch`).toEqual(['States.ALL']);
      }
    });

    it(`sends every failure to "Close after failure", and only then to the "${spec.failed}" Fail state`, () => {
      for (const [name, task] of Object.entries(asl.States).filter(([, s]) => s.Type === 'Task' || s.Type === 'Map' || s.Type === 'Parallel')) {
        const next = task.Catch?.at(-1)?.Next;
        expect(task.Catch?.at(-1)?.ErrorEquals, `${name}: Catch`).toEqual(['States.ALL']);
        expect(next, name).toBe(name === 'Close after failure' ? spec.failed : 'Close after failure');
      }
      expect(payloadOf(asl.States['Close after failure'])?.action).toBe('closeAfterFailure');
      expect(asl.States['Close after failure']?.Next).toBe(spec.failed);
      expect(asl.States[spec.failed]?.Type).toBe('Fail');
    });

    it('fails a task inside a Map or Parallel state into a Fail state of its own branch, which the enclosing state catches (nothing is closed twice)', () => {
      for (const { name, state, among, enclosing } of everyState(asl).filter(({ enclosing }) => enclosing !== undefined)) {
        if (state.Type === 'Task') expect(among.States[state.Catch!.at(-1)!.Next]?.Type, name).toBe('Fail');
        expect(payloadOf(state)?.action, name).not.toBe('closeAfterFailure');
        expect(asl.States[enclosing!]?.Catch?.at(-1), `${enclosing}: Catch`).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Close after failure' });
      }
    });

    it('sends a decision it does not know to "Close after failure" (or, inside a Map or Parallel state, to its branch\'s Fail state)', () => {
      const decisions = everyState(asl).filter(({ name }) => name.endsWith(': decision?'));
      expect(decisions.length).toBeGreaterThan(0);
      for (const { name, among, enclosing } of decisions) {
        const next = branch(among, name, { decision: { action: 'unknown' } });
        if (enclosing === undefined) expect(next, name).toBe('Close after failure');
        else expect(among.States[next!]?.Type, name).toBe('Fail');
      }
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

  describe('the research project state machine', () => {
    let asl: Asl;
    /** The states of one iteration of the map: one supervisor's consent. */
    let consent: Asl;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate, workflowSpecs.research.stateMachineName);
      consent = iterationOf(asl, consentMap);
    });
    /** A project whose supervisors left two members in the team, and whose plan the coordinator approves. */
    const happy = { team: { remaining: 2 }, decision: { action: 'approve' } };

    it('runs its steps in order: receipt, consent of every supervisor at once, the tally, the plan review, then the activation', () => {
      expect(pathWith(asl, happy)).toEqual([
        'Send receipt',
        'Begin consent',
        consentMap,
        'Tally consent',
        'Anyone left?',
        `${planReview}: ask`,
        `${planReview}: decision?`,
        'Activate and send project links',
        'Active',
      ]);
      expect(payloadOf(asl.States['Send receipt'])).toEqual({ 'projectId.$': '$.projectId', action: 'receipt' });
      expect(asl.States['Begin consent']).toMatchObject({ Type: 'Task', ResultPath: '$.consent' });
      expect(payloadOf(asl.States['Begin consent'])).toEqual({ 'projectId.$': '$.projectId', action: 'beginConsent' });
      expect(asl.States['Tally consent']).toMatchObject({ Type: 'Task', ResultPath: '$.team' });
      expect(payloadOf(asl.States['Tally consent'])).toEqual({ 'projectId.$': '$.projectId', action: 'tallyConsent' });
      expect(asl.States.Active?.Type).toBe('Succeed');
    });

    it('asks every supervisor in one Map state: one iteration per member that beginConsent returns, all ten at once, each given the project and its member', () => {
      const map = asl.States[consentMap]!;
      expect(map).toMatchObject({
        Type: 'Map',
        ItemsPath: '$.consent.members',
        ItemSelector: { 'projectId.$': '$.projectId', 'member.$': '$$.Map.Item.Value' },
        MaxConcurrency: 10,
        Next: 'Tally consent',
      });
      expect(Object.keys(map.ItemSelector!).sort()).toEqual(['member.$', 'projectId.$']);
      // A project has at most MAX_MEMBERS members: nobody's supervisor waits for another's.
      expect(map.MaxConcurrency).toBe(MAX_MEMBERS);
      // Inline, so each iteration's waits are in the Standard execution's own history.
      expect(map.ItemProcessor?.ProcessorConfig?.Mode ?? 'INLINE').toBe('INLINE');
      // The answers are recorded on the members by the links themselves: the tally reads them from the table.
      expect(map.ResultPath).toBeNull();
    });

    it('catches a failed iteration on the Map state itself, into "Close after failure" (no timeout: each iteration has its own)', () => {
      expect(asl.States[consentMap]?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' }]);
    });

    it("holds one supervisor's consent in each iteration: ask, remind, escalate to the backup, expire, and their ends, nothing else", () => {
      expect(consent.StartAt).toBe(`${consentDecision}: ask`);
      expect(Object.keys(consent.States).sort()).toEqual(
        [
          `${consentDecision}: ask`,
          `${consentDecision}: remind`,
          `${consentDecision}: escalate to backup`,
          `${consentDecision}: expire`,
          `${consentDecision}: decision?`,
          `${consentDecision}: expired?`,
          'Consent answered',
          'Consent not given',
          'Consent failed',
        ].sort(),
      );
      expect(actualWaits(consent)).toEqual(expectedResearchWaits(defaultDays).consent);
      expect(consent.States[`${consentDecision}: ask`]?.TimeoutSeconds).toBe(3 * DAY);
      expect(consent.States[`${consentDecision}: remind`]?.TimeoutSeconds).toBe(2 * DAY);
      expect(consent.States[`${consentDecision}: escalate to backup`]?.TimeoutSeconds).toBe(3 * DAY);
    });

    it("tells every consent task the project and the iteration's member, at level 1, and keeps the decision in $.decision", () => {
      const steps = { ask: 'request', remind: 'remind', 'escalate to backup': 'escalate', expire: 'expire' };
      for (const [step, action] of Object.entries(steps)) {
        const state = consent.States[`${consentDecision}: ${step}`];
        expect(state, step).toMatchObject({ Type: 'Task', ResultPath: '$.decision' });
        expect(payloadOf(state), step).toMatchObject({ 'projectId.$': '$.projectId', 'member.$': '$.member', action, level: 1 });
      }
      expect(payloadOf(consent.States[`${consentDecision}: ask`])).toMatchObject({ expiresInSeconds: 5 * DAY });
      expect(payloadOf(consent.States[`${consentDecision}: escalate to backup`])).toMatchObject({ expiresInSeconds: 3 * DAY });
      for (const step of ['ask', 'remind', 'escalate to backup']) expect(isWaitForPerson(consent.States[`${consentDecision}: ${step}`]!), step).toBe(true);
      expect(isWaitForPerson(consent.States[`${consentDecision}: expire`]!)).toBe(false);
    });

    it('goes from the ask to the reminder, the escalation and the expiry on States.Timeout, each catch before the catch-all', () => {
      const chain = [`${consentDecision}: ask`, `${consentDecision}: remind`, `${consentDecision}: escalate to backup`, `${consentDecision}: expire`];
      chain.slice(0, -1).forEach((name, i) => {
        const state = consent.States[name]!;
        expect(state.Catch?.[0], name).toEqual({ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: chain[i + 1] });
        expect(state.Catch?.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
        expect(state.Next, name).toBe(`${consentDecision}: decision?`);
      });
      expect(timeoutCatch(consent.States[`${consentDecision}: expire`]!)).toBeUndefined();
      expect(consent.States[`${consentDecision}: expire`]?.Next).toBe(`${consentDecision}: expired?`);
    });

    it('ends an iteration whatever the supervisor answered, or when nobody did; a late answer still counts', () => {
      expect(branch(consent, `${consentDecision}: decision?`, { decision: { action: 'approve' } })).toBe('Consent answered');
      expect(branch(consent, `${consentDecision}: decision?`, { decision: { action: 'reject' } })).toBe('Consent answered');
      expect(branch(consent, `${consentDecision}: expired?`, { decision: { outcome: 'expired' } })).toBe('Consent not given');
      expect(branch(consent, `${consentDecision}: expired?`, { decision: { outcome: 'decided', action: 'reject' } })).toBe(`${consentDecision}: decision?`);
      expect(consent.States['Consent answered']?.Type).toBe('Succeed');
      expect(consent.States['Consent not given']?.Type).toBe('Succeed');
    });

    it('fails an iteration into its own "Consent failed" state: every consent task\'s catch-all and an unknown decision lead there, never outside the Map', () => {
      expect(consent.States['Consent failed']?.Type).toBe('Fail');
      for (const [name, state] of Object.entries(consent.States).filter(([, s]) => s.Type === 'Task'))
        expect(state.Catch?.at(-1), name).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Consent failed' });
      expect(branch(consent, `${consentDecision}: decision?`, { decision: { action: 'revise' } })).toBe('Consent failed');
      expect(consent.States['Close after failure']).toBeUndefined();
      expect(consent.States[workflowSpecs.research.failed]).toBeUndefined();
    });

    it('goes on to the plan review while anyone is left in the team ($.team.remaining), and ends otherwise', () => {
      expect(asl.States['Anyone left?']).toEqual({
        Type: 'Choice',
        Choices: [{ Variable: '$.team.remaining', NumericGreaterThan: 0, Next: `${planReview}: ask` }],
        Default: 'No members',
      });
      expect(branch(asl, 'Anyone left?', { team: { remaining: 1 } })).toBe(`${planReview}: ask`);
      expect(branch(asl, 'Anyone left?', { team: { remaining: 0 } })).toBe('No members');
      expect(asl.States['No members']?.Type).toBe('Succeed');
    });

    it("gives the coordinator's plan review its reminder, escalation and expiry, and the partner's revision its window, each wait's timeout leading to the next", () => {
      expect(actualWaits(asl)).toEqual(expectedResearchWaits(defaultDays).top);
      const steps = { ask: 'request', remind: 'remind', 'escalate to backup': 'escalate', expire: 'expire' };
      for (const [step, action] of Object.entries(steps)) {
        const payload = payloadOf(asl.States[`${planReview}: ${step}`]);
        expect(payload, step).toMatchObject({ 'projectId.$': '$.projectId', action, level: 1 });
        // The plan review is about the project, not a member.
        expect(payload, step).not.toHaveProperty('member.$');
      }
      expect(payloadOf(asl.States[`${planReview}: ask`])).toMatchObject({ expiresInSeconds: 5 * DAY });
      expect(payloadOf(asl.States[`${planReview}: escalate to backup`])).toMatchObject({ expiresInSeconds: 3 * DAY });
    });

    it('activates an approved plan and sends the project links, and tells the partner of a rejection', () => {
      expect(branch(asl, `${planReview}: decision?`, { decision: { action: 'approve' } })).toBe('Activate and send project links');
      expect(branch(asl, `${planReview}: decision?`, { decision: { action: 'reject' } })).toBe('Tell partner of rejection');
      expect(payloadOf(asl.States['Activate and send project links'])).toEqual({ 'projectId.$': '$.projectId', action: 'approve', 'decision.$': '$.decision' });
      expect(payloadOf(asl.States['Tell partner of rejection'])).toEqual({ 'projectId.$': '$.projectId', action: 'reject', 'decision.$': '$.decision' });
      expect(asl.States['Activate and send project links']?.Next).toBe('Active');
      expect(asl.States['Tell partner of rejection']?.Next).toBe('Rejected');
      expect(pathWith(asl, { ...happy, decision: { action: 'reject' } }).slice(-2)).toEqual(['Tell partner of rejection', 'Rejected']);
      expect(asl.States.Rejected?.Type).toBe('Succeed');
    });

    it('sends a plan back to the partner on a revision request, with an edit link that expires with the revision window, and reviews the resubmitted plan again', () => {
      expect(branch(asl, `${planReview}: decision?`, { decision: { action: 'revise' } })).toBe('Wait for revision');
      const wait = asl.States['Wait for revision']!;
      expect(isWaitForPerson(wait)).toBe(true);
      expect(wait).toMatchObject({ TimeoutSeconds: 14 * DAY, ResultPath: '$.revision', Next: `${planReview}: ask` });
      expect(payloadOf(wait)).toEqual({
        'projectId.$': '$.projectId',
        'taskToken.$': '$$.Task.Token',
        action: 'requestRevision',
        'decision.$': '$.decision',
        expiresInSeconds: 14 * DAY,
      });
      expect(pathWith(asl, { ...happy, decision: { action: 'revise' } }).slice(-3)).toEqual([
        `${planReview}: ask`,
        `${planReview}: decision?`,
        'Wait for revision',
      ]);
    });

    it('closes a plan the partner did not revise in time in the Expired end state, and still reviews a resubmission that came in as it closed', () => {
      expect(timeoutCatch(asl.States['Wait for revision']!)).toEqual({
        ErrorEquals: ['States.Timeout'],
        ResultPath: '$.timedOut',
        Next: 'Close unrevised project',
      });
      expect(asl.States['Close unrevised project']).toMatchObject({ Type: 'Task', ResultPath: '$.revision', Next: 'Revised in time?' });
      expect(payloadOf(asl.States['Close unrevised project'])).toEqual({ 'projectId.$': '$.projectId', action: 'expireRevision' });
      expect(branch(asl, 'Revised in time?', { revision: { outcome: 'expired' } })).toBe('Expired');
      expect(branch(asl, 'Revised in time?', { revision: {} })).toBe('Expired');
      expect(branch(asl, 'Revised in time?', { revision: { action: 'resubmit', outcome: 'resubmitted' } })).toBe(`${planReview}: ask`);
    });

    it('ends a plan nobody reviewed, after the backup, in the Expired end state', () => {
      expect(timeoutCatch(asl.States[`${planReview}: escalate to backup`]!)?.Next).toBe(`${planReview}: expire`);
      expect(asl.States[`${planReview}: expire`]?.Next).toBe(`${planReview}: expired?`);
      expect(branch(asl, `${planReview}: expired?`, { decision: { outcome: 'expired' } })).toBe('Expired');
      expect(branch(asl, `${planReview}: expired?`, { decision: { outcome: 'decided', action: 'approve' } })).toBe(`${planReview}: decision?`);
      expect(asl.States.Expired?.Type).toBe('Succeed');
    });

    it('catches every failure outside the Map into "Close after failure" with its error in $.error, which closes the project before "Project failed"', () => {
      const catching = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task' || s.Type === 'Map');
      expect(catching.map(([name]) => name).sort()).toEqual(
        [
          'Send receipt',
          'Begin consent',
          consentMap,
          'Tally consent',
          `${planReview}: ask`,
          `${planReview}: remind`,
          `${planReview}: escalate to backup`,
          `${planReview}: expire`,
          'Wait for revision',
          'Close unrevised project',
          'Activate and send project links',
          'Tell partner of rejection',
          'Close after failure',
        ].sort(),
      );
      for (const [name, state] of catching.filter(([name]) => name !== 'Close after failure'))
        expect(state.Catch?.at(-1), name).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' });
      expect(asl.States['Close after failure']).toMatchObject({
        Next: workflowSpecs.research.failed,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.closeError', Next: workflowSpecs.research.failed }],
      });
      expect(payloadOf(asl.States['Close after failure'])).toEqual({ 'projectId.$': '$.projectId', action: 'closeAfterFailure' });
    });

    it('is a Standard state machine that an execution may run in for 365 days at most, logging without execution data', () => {
      const [, machine] = stateMachineNamed(app.statelessTemplate, workflowSpecs.research.stateMachineName);
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      expect(asl.TimeoutSeconds).toBe(365 * DAY);
    });
  });

  describe('the research milestone state machine', () => {
    let asl: Asl;
    /** The co-review's two branches, by the reviewer each one asks. */
    let reviewers: Record<string, Asl>;
    /** The extension's two branches: the coordinator's decision, and the time kept beside it. */
    let extension: Record<keyof typeof extensionBranchStarts, Asl>;
    beforeAll(() => {
      asl = aslOf(app.statelessTemplate, workflowSpecs.milestone.stateMachineName);
      reviewers = coReviewBranches(asl);
      extension = extensionBranches(asl);
    });
    /** What every task of the cycle is told first: its milestone. */
    const subject = { 'projectId.$': '$.projectId', 'milestone.$': '$.milestone' };
    /** What every tick is told: the milestone, the execution's generation and its start time (its clock). */
    const clock = { ...subject, action: 'tick', 'generation.$': '$.generation', 'startedAt.$': '$$.Execution.StartTime' };
    const plans = ['Plan', 'Plan after the wait', 'Plan after news'];
    /** The ticks that keep the milestone's time beside an extension's decision. */
    const keeps = ['Keep time', 'Keep time after the wait', 'Keep time after news'];
    const stillWaiting = 'Still waiting for the decision?';
    const waitBeside = 'Wait beside the decision';
    const applyExtension = 'Apply the extension decision';
    const failed = workflowSpecs.milestone.failed;
    /** The tasks of one human decision, and all of its states. */
    const decisionTasks = (label: string) => [`${label}: ask`, `${label}: remind`, `${label}: escalate to backup`, `${label}: expire`];
    const decisionStates = (label: string) => [...decisionTasks(label), `${label}: decision?`, `${label}: expired?`];
    const steps = { ask: 'request', remind: 'remind', 'escalate to backup': 'escalate', expire: 'expire' };
    /** Every branch of the milestone's Parallel states: where it runs, its Fail state and its Tasks. */
    const branchSpecs = () => [
      ...coReviewers.map(([label]) => ({
        branch: label,
        enclosing: coReview,
        states: reviewers[label]!,
        failedState: `${label} review failed`,
        tasks: [...decisionTasks(`${label} reviews`), `${label}: settle the round`],
      })),
      {
        branch: 'the extension decision',
        enclosing: extensionAsked,
        states: extension.decision,
        failedState: 'Extension decision failed',
        tasks: [...decisionTasks(extensionDecision), applyExtension],
      },
      { branch: 'the time kept', enclosing: extensionAsked, states: extension.time, failedState: 'Keeping time failed', tasks: [...keeps, waitBeside] },
    ];

    it('holds the loop, the co-review, the extension asked, the coordinator deciding alone and the handover at its top level, and nothing else', () => {
      expect(asl.StartAt).toBe('Plan');
      expect(Object.keys(asl.States).sort()).toEqual(
        [
          ...plans,
          'What next?',
          'Wait for the lead',
          coReview,
          'Conclude the round',
          'After the round',
          ...decisionStates(soleDecision),
          'Conclude alone',
          'Undecided',
          extensionAsked,
          'Hand over',
          'Handed over',
          'Done',
          'Close after failure',
          failed,
        ].sort(),
      );
      for (const end of ['Done', 'Handed over', 'Undecided']) expect(asl.States[end]?.Type, end).toBe('Succeed');
      // The co-review and the extension are its only Parallel states, and it has no Map.
      expect(
        Object.entries(asl.States)
          .filter(([, s]) => s.Type === 'Parallel' || s.Type === 'Map')
          .map(([name, s]) => [name, s.Type])
          .sort(),
      ).toEqual([
        [coReview, 'Parallel'],
        [extensionAsked, 'Parallel'],
      ]);
    });

    it("waits for a person only where stated: the lead and the coordinator alone at the top, each reviewer in the co-review, the extension's decision and the time kept beside it", () => {
      const expected = expectedMilestoneWaits(defaultDays);
      expect(actualWaits(asl)).toEqual(expected.top);
      for (const [label] of coReviewers) expect(actualWaits(reviewers[label]!), label).toEqual(expected.branches[label]);
      expect(actualWaits(extension.decision)).toEqual(expected.extension.decision);
      expect(actualWaits(extension.time)).toEqual(expected.extension.time);
      expect(everyWait(asl)).toEqual(allMilestoneWaits(defaultDays));
    });

    it('plans at every wake: each tick is told the execution\'s start time, its generation and its cursor, and its plan lands in $.tick before "What next?"', () => {
      const ticks = everyState(asl).filter(({ state }) => payloadOf(state)?.action === 'tick');
      expect(ticks.map(({ name }) => name).sort()).toEqual([...plans, ...keeps].sort());
      for (const { name, enclosing } of ticks) expect(enclosing, name).toBe(keeps.includes(name) ? extensionAsked : undefined);
      expect(payloadOf(asl.States.Plan)).toEqual({ ...clock, woke: 'start', 'cursor.$': '$.cursor' });
      expect(payloadOf(asl.States['Plan after the wait'])).toEqual({ ...clock, woke: 'timeout', 'cursor.$': '$.tick.cursor', 'wakeAt.$': '$.tick.wakeAt' });
      expect(payloadOf(asl.States['Plan after news'])).toEqual({ ...clock, woke: 'news', 'cursor.$': '$.tick.cursor', 'wakeAt.$': '$.tick.wakeAt' });
      for (const name of plans) {
        expect(asl.States[name], name).toMatchObject({ Type: 'Task', ResultPath: '$.tick', Next: 'What next?' });
        expect(isWaitForPerson(asl.States[name]!), name).toBe(false);
        expect(payloadOf(asl.States[name])?.['startedAt.$'], name).toBe('$$.Execution.StartTime');
      }
    });

    it('decides what comes next by $.tick.do: wait for the lead, the co-review, the extension asked, the handover, or else the end', () => {
      expect(asl.States['What next?']).toEqual({
        Type: 'Choice',
        Choices: [
          { Variable: '$.tick.do', StringEquals: 'wait', Next: 'Wait for the lead' },
          { Variable: '$.tick.do', StringEquals: 'review', Next: coReview },
          { Variable: '$.tick.do', StringEquals: 'extension', Next: extensionAsked },
          { Variable: '$.tick.do', StringEquals: 'handover', Next: 'Hand over' },
        ],
        Default: 'Done',
      });
      expect(branch(asl, 'What next?', { tick: { do: 'extension' } })).toBe(extensionAsked);
      expect(branch(asl, 'What next?', { tick: { do: 'wait' } })).toBe('Wait for the lead');
      expect(branch(asl, 'What next?', { tick: { do: 'review' } })).toBe(coReview);
      expect(branch(asl, 'What next?', { tick: { do: 'handover' } })).toBe('Hand over');
      expect(branch(asl, 'What next?', { tick: { do: 'end' } })).toBe('Done');
    });

    it('goes round its loop: a wait, an extension asked and a round sent back all plan again, a handover and a decided round end', () => {
      expect(pathWith(asl, { tick: { do: 'wait' } })).toEqual(['Plan', 'What next?', 'Wait for the lead', 'Plan after news']);
      expect(pathWith(asl, { tick: { do: 'extension' } })).toEqual(['Plan', 'What next?', extensionAsked, 'Plan after news']);
      expect(pathWith(asl, { tick: { do: 'review' }, round: { next: 'loop' } })).toEqual([
        'Plan',
        'What next?',
        coReview,
        'Conclude the round',
        'After the round',
        'Plan after news',
      ]);
      expect(pathWith(asl, { tick: { do: 'review' }, round: { next: 'end' } })).toEqual([
        'Plan',
        'What next?',
        coReview,
        'Conclude the round',
        'After the round',
        'Done',
      ]);
      expect(pathWith(asl, { tick: { do: 'handover' } })).toEqual(['Plan', 'What next?', 'Hand over', 'Handed over']);
      expect(pathWith(asl, { tick: { do: 'end' } })).toEqual(['Plan', 'What next?', 'Done']);
      // Each plan leads back to the same choice.
      for (const name of plans) expect(asl.States[name]?.Next, name).toBe('What next?');
    });

    it('waits for the lead as long as the plan says ($.tick.waitSeconds, no fixed timeout): news is planned after, a timeout planned again', () => {
      const wait = asl.States['Wait for the lead']!;
      expect(isWaitForPerson(wait)).toBe(true);
      expect(wait.TimeoutSecondsPath).toBe('$.tick.waitSeconds');
      expect(wait.TimeoutSeconds).toBeUndefined();
      expect(wait).toMatchObject({ ResultPath: '$.news', Next: 'Plan after news' });
      expect(payloadOf(wait)).toEqual({ ...subject, 'taskToken.$': '$$.Task.Token', action: 'await', 'open.$': '$.tick.open' });
      expect(wait.Catch).toEqual([
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Plan after the wait' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' },
      ]);
      expect(timeoutCatch(wait)?.Next).toBe('Plan after the wait');
    });

    it('asks both reviewers at once: a Parallel state of exactly two branches, its results discarded, its failure caught into "Close after failure", then the round concluded', () => {
      const parallel = asl.States[coReview]!;
      expect(parallel).toMatchObject({ Type: 'Parallel', ResultPath: null, Next: 'Conclude the round' });
      expect(parallel.Branches).toHaveLength(2);
      expect(Object.keys(reviewers).sort()).toEqual(coReviewers.map(([label]) => label).sort());
      expect(parallel.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' }]);
      // Only the co-review's and the extension's branches run inside a Parallel state, and no Parallel or Map state is nested in a branch.
      const nested = everyState(asl).filter(({ enclosing }) => enclosing !== undefined);
      expect([...new Set(nested.map(({ enclosing }) => enclosing))].sort()).toEqual([coReview, extensionAsked].sort());
      for (const { name, state } of nested) expect(nestedOf(state), name).toEqual([]);
    });

    it.each(coReviewers)(
      "holds the %s's decision (level %i) in its own branch: ask, remind, escalate, expire, the round settled on approve or revise, the branch ended when the other settled it",
      (label, level) => {
        const states = reviewers[label]!;
        const decision = `${label} reviews`;
        const settle = `${label}: settle the round`;
        expect(states.StartAt).toBe(`${decision}: ask`);
        expect(Object.keys(states.States).sort()).toEqual(
          [
            ...decisionStates(decision),
            settle,
            `${label} decided`,
            `${label} settled by the other`,
            `${label} did not answer`,
            `${label} review failed`,
          ].sort(),
        );
        expect(actualWaits(states)).toEqual(expectedMilestoneWaits(defaultDays).branches[label]);
        for (const [step, action] of Object.entries(steps)) {
          const state = states.States[`${decision}: ${step}`];
          expect(state, step).toMatchObject({ Type: 'Task', ResultPath: '$.decision' });
          expect(payloadOf(state), step).toMatchObject({ ...subject, action, level });
        }
        for (const step of ['ask', 'remind', 'escalate to backup']) expect(isWaitForPerson(states.States[`${decision}: ${step}`]!), step).toBe(true);
        expect(isWaitForPerson(states.States[`${decision}: expire`]!)).toBe(false);
        expect(payloadOf(states.States[`${decision}: ask`])).toMatchObject({ expiresInSeconds: 5 * DAY });
        expect(payloadOf(states.States[`${decision}: escalate to backup`])).toMatchObject({ expiresInSeconds: 3 * DAY });

        expect(branch(states, `${decision}: decision?`, { decision: { action: 'approve' } })).toBe(settle);
        expect(branch(states, `${decision}: decision?`, { decision: { action: 'revise' } })).toBe(settle);
        expect(branch(states, `${decision}: decision?`, { decision: { action: 'settled' } })).toBe(`${label} settled by the other`);
        expect(branch(states, `${decision}: decision?`, { decision: { action: 'reject' } })).toBe(`${label} review failed`);
        expect(branch(states, `${decision}: expired?`, { decision: { outcome: 'expired' } })).toBe(`${label} did not answer`);
        expect(branch(states, `${decision}: expired?`, { decision: { outcome: 'decided', action: 'approve' } })).toBe(`${decision}: decision?`);

        expect(states.States[settle]).toMatchObject({ Type: 'Task', ResultPath: null, Next: `${label} decided` });
        expect(payloadOf(states.States[settle])).toEqual({ ...subject, action: 'settle', level, 'decision.$': '$.decision' });
        for (const end of [`${label} decided`, `${label} settled by the other`, `${label} did not answer`])
          expect(states.States[end]?.Type, end).toBe('Succeed');
        expect(pathWith(states, { decision: { action: 'approve' } })).toEqual([`${decision}: ask`, `${decision}: decision?`, settle, `${label} decided`]);
        expect(pathWith(states, { decision: { action: 'settled' } })).toEqual([`${decision}: ask`, `${decision}: decision?`, `${label} settled by the other`]);
      },
    );

    it('asks the coordinator about an extension while keeping time beside it: a Parallel state of exactly two branches, whose result is the time-keeping branch\'s clock in $.tick, its failure caught into "Close after failure", then planned again', () => {
      const parallel = asl.States[extensionAsked]!;
      expect(parallel).toMatchObject({
        Type: 'Parallel',
        ResultSelector: { 'cursor.$': '$[1].tick.cursor', 'wakeAt.$': '$[1].tick.wakeAt' },
        ResultPath: '$.tick',
        Next: 'Plan after news',
      });
      expect(parallel.Branches![1]!.StartAt).toBe('Keep time');
      expect(parallel.Branches).toHaveLength(2);
      expect(parallel.Branches!.map((b) => b.StartAt).sort()).toEqual([`${extensionDecision}: ask`, 'Keep time'].sort());
      // No timeout of its own: each wait inside it has one.
      expect(parallel.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' }]);
      expect(parallel.TimeoutSeconds).toBeUndefined();
    });

    it("lets the coordinator decide a lead's extension at level 4 in the first branch, with its reminder, escalation and expiry, and applies every outcome (an approval, a refusal, a milestone sent first, nobody deciding) before the branch ends", () => {
      const states = extension.decision;
      expect(states.StartAt).toBe(`${extensionDecision}: ask`);
      expect(Object.keys(states.States).sort()).toEqual(
        [...decisionStates(extensionDecision), applyExtension, 'Extension decided', 'Extension decision failed'].sort(),
      );
      expect(actualWaits(states)).toEqual(expectedMilestoneWaits(defaultDays).extension.decision);
      expect(states.States[`${extensionDecision}: ask`]?.TimeoutSeconds).toBe(3 * DAY);
      expect(states.States[`${extensionDecision}: remind`]?.TimeoutSeconds).toBe(2 * DAY);
      expect(states.States[`${extensionDecision}: escalate to backup`]?.TimeoutSeconds).toBe(3 * DAY);
      for (const [step, action] of Object.entries(steps)) {
        const state = states.States[`${extensionDecision}: ${step}`];
        expect(state, step).toMatchObject({ Type: 'Task', ResultPath: '$.decision' });
        expect(payloadOf(state), step).toMatchObject({ ...subject, action, level: 4 });
      }
      for (const step of ['ask', 'remind', 'escalate to backup']) expect(isWaitForPerson(states.States[`${extensionDecision}: ${step}`]!), step).toBe(true);
      expect(isWaitForPerson(states.States[`${extensionDecision}: expire`]!)).toBe(false);
      expect(payloadOf(states.States[`${extensionDecision}: ask`])).toMatchObject({ expiresInSeconds: 5 * DAY });
      expect(payloadOf(states.States[`${extensionDecision}: escalate to backup`])).toMatchObject({ expiresInSeconds: 3 * DAY });

      for (const action of ['approve', 'reject', 'moot'])
        expect(branch(states, `${extensionDecision}: decision?`, { decision: { action } }), action).toBe(applyExtension);
      expect(branch(states, `${extensionDecision}: decision?`, { decision: { action: 'revise' } })).toBe('Extension decision failed');
      expect(branch(states, `${extensionDecision}: expired?`, { decision: { outcome: 'expired' } })).toBe(applyExtension);
      expect(branch(states, `${extensionDecision}: expired?`, { decision: { outcome: 'decided', action: 'approve' } })).toBe(`${extensionDecision}: decision?`);
      // Every way out of the decision but an unknown one leads to the application.
      expect(
        (states.States[`${extensionDecision}: decision?`]?.Choices ?? []).map((c) => c.Next),
        'decision?',
      ).toEqual([applyExtension, applyExtension, applyExtension]);

      expect(states.States[applyExtension]).toMatchObject({ Type: 'Task', ResultPath: null, Next: 'Extension decided' });
      expect(isWaitForPerson(states.States[applyExtension]!)).toBe(false);
      expect(payloadOf(states.States[applyExtension])).toEqual({ ...subject, action: 'applyExtension', 'decision.$': '$.decision' });
      expect(states.States['Extension decided']?.Type).toBe('Succeed');
      expect(states.States['Extension decision failed']?.Type).toBe('Fail');
      expect(pathWith(states, { decision: { action: 'approve' } })).toEqual([
        `${extensionDecision}: ask`,
        `${extensionDecision}: decision?`,
        applyExtension,
        'Extension decided',
      ]);
    });

    it("keeps the milestone's time beside the decision in the second branch: each tick is told it keeps time beside the extension, with the clock and the cursor, and lands in $.tick; it waits as long as the tick says, and ends once the tick stops waiting", () => {
      const states = extension.time;
      expect(states.StartAt).toBe('Keep time');
      expect(Object.keys(states.States).sort()).toEqual([...keeps, stillWaiting, waitBeside, 'Time kept', 'Keeping time failed'].sort());
      const beside = { ...clock, beside: 'extension' };
      expect(payloadOf(states.States['Keep time'])).toEqual({ ...beside, woke: 'start', 'cursor.$': '$.tick.cursor' });
      expect(payloadOf(states.States['Keep time after the wait'])).toEqual({
        ...beside,
        woke: 'timeout',
        'cursor.$': '$.tick.cursor',
        'wakeAt.$': '$.tick.wakeAt',
      });
      expect(payloadOf(states.States['Keep time after news'])).toEqual({ ...beside, woke: 'news', 'cursor.$': '$.tick.cursor', 'wakeAt.$': '$.tick.wakeAt' });
      for (const name of keeps) {
        expect(states.States[name], name).toMatchObject({ Type: 'Task', ResultPath: '$.tick', Next: stillWaiting });
        expect(isWaitForPerson(states.States[name]!), name).toBe(false);
      }

      expect(states.States[stillWaiting]).toEqual({
        Type: 'Choice',
        Choices: [{ Variable: '$.tick.do', StringEquals: 'wait', Next: waitBeside }],
        Default: 'Time kept',
      });
      for (const [tick, next] of [
        ['wait', waitBeside],
        ['resume', 'Time kept'],
        ['end', 'Time kept'],
      ] as const)
        expect(branch(states, stillWaiting, { tick: { do: tick } }), tick).toBe(next);

      const wait = states.States[waitBeside]!;
      expect(isWaitForPerson(wait)).toBe(true);
      expect(wait.TimeoutSecondsPath).toBe('$.tick.waitSeconds');
      expect(wait.TimeoutSeconds).toBeUndefined();
      expect(wait).toMatchObject({ ResultPath: '$.news', Next: 'Keep time after news' });
      expect(payloadOf(wait)).toEqual({ ...subject, 'taskToken.$': '$$.Task.Token', action: 'await', open: false, beside: 'extension' });
      expect(wait.Catch).toEqual([
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Keep time after the wait' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Keeping time failed' },
      ]);
      expect(actualWaits(states)).toEqual(expectedMilestoneWaits(defaultDays).extension.time);

      expect(states.States['Time kept']?.Type).toBe('Succeed');
      expect(states.States['Keeping time failed']?.Type).toBe('Fail');
      expect(pathWith(states, { tick: { do: 'wait' } })).toEqual(['Keep time', stillWaiting, waitBeside, 'Keep time after news']);
      expect(pathWith(states, { tick: { do: 'resume' } })).toEqual(['Keep time', stillWaiting, 'Time kept']);
    });

    it("fails every task of a branch, with the project's Retry, into that branch's own Fail state: a branch closes nothing, the Parallel state's catch does", () => {
      const specs = branchSpecs();
      expect(specs.map(({ states }) => states.StartAt).sort()).toEqual(
        everyState(asl)
          .filter(({ state }) => state.Type === 'Parallel')
          .flatMap(({ state }) => (state.Branches ?? []).map((b) => b.StartAt))
          .sort(),
      );
      for (const { branch: label, enclosing, states, failedState, tasks: expectedTasks } of specs) {
        expect(states.States[failedState]?.Type, label).toBe('Fail');
        expect(
          Object.entries(states.States)
            .filter(([, s]) => s.Type === 'Fail')
            .map(([name]) => name),
          label,
        ).toEqual([failedState]);
        const tasks = Object.entries(states.States).filter(([, s]) => s.Type === 'Task');
        expect(tasks.map(([name]) => name).sort(), label).toEqual([...expectedTasks].sort());
        for (const [name, state] of tasks) {
          expect(state.Retry, name).toContainEqual(projectRetry);
          expect(state.Catch?.at(-1), name).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: failedState });
          expect(payloadOf(state)?.action, name).not.toBe('closeAfterFailure');
        }
        expect(states.States['Close after failure'], label).toBeUndefined();
        expect(states.States[failed], label).toBeUndefined();
        expect(asl.States[enclosing]?.Catch, `${enclosing}: Catch`).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' },
        ]);
      }
      for (const { name, state, enclosing } of everyState(asl).filter(({ enclosing }) => enclosing !== undefined))
        for (const c of state.Catch ?? []) expect(c.Next, `${enclosing} → ${name}`).not.toBe('Close after failure');
    });

    it('concludes the round into $.round, then goes round again, lets the coordinator decide alone, or ends ($.round.next)', () => {
      expect(asl.States['Conclude the round']).toMatchObject({ Type: 'Task', ResultPath: '$.round', Next: 'After the round' });
      expect(payloadOf(asl.States['Conclude the round'])).toEqual({ ...subject, action: 'conclude' });
      expect(asl.States['After the round']).toEqual({
        Type: 'Choice',
        Choices: [
          { Variable: '$.round.next', StringEquals: 'loop', Next: 'Plan after news' },
          { Variable: '$.round.next', StringEquals: 'sole', Next: `${soleDecision}: ask` },
        ],
        Default: 'Done',
      });
      expect(branch(asl, 'After the round', { round: { next: 'loop' } })).toBe('Plan after news');
      expect(branch(asl, 'After the round', { round: { next: 'sole' } })).toBe(`${soleDecision}: ask`);
      expect(branch(asl, 'After the round', { round: { next: 'end' } })).toBe('Done');
    });

    it('lets the coordinator decide alone at level 3, with its reminder, escalation and expiry, and concludes on an approval or a rejection', () => {
      expect(actualWaits(asl)).toEqual(expectedMilestoneWaits(defaultDays).top);
      for (const [step, action] of Object.entries(steps)) {
        const state = asl.States[`${soleDecision}: ${step}`];
        expect(state, step).toMatchObject({ Type: 'Task', ResultPath: '$.decision' });
        expect(payloadOf(state), step).toMatchObject({ ...subject, action, level: 3 });
      }
      expect(payloadOf(asl.States[`${soleDecision}: ask`])).toMatchObject({ expiresInSeconds: 5 * DAY });
      expect(payloadOf(asl.States[`${soleDecision}: escalate to backup`])).toMatchObject({ expiresInSeconds: 3 * DAY });
      expect(branch(asl, `${soleDecision}: decision?`, { decision: { action: 'approve' } })).toBe('Conclude alone');
      expect(branch(asl, `${soleDecision}: decision?`, { decision: { action: 'reject' } })).toBe('Conclude alone');
      expect(branch(asl, `${soleDecision}: decision?`, { decision: { action: 'revise' } })).toBe('Close after failure');
      expect(branch(asl, `${soleDecision}: expired?`, { decision: { outcome: 'expired' } })).toBe('Undecided');
      expect(branch(asl, `${soleDecision}: expired?`, { decision: { outcome: 'decided', action: 'approve' } })).toBe(`${soleDecision}: decision?`);
      expect(asl.States['Conclude alone']).toMatchObject({ Type: 'Task', ResultPath: '$.round', Next: 'Done' });
      expect(payloadOf(asl.States['Conclude alone'])).toEqual({ ...subject, action: 'concludeSole', 'decision.$': '$.decision' });
      expect(pathWith(asl, { tick: { do: 'review' }, round: { next: 'sole' }, decision: { action: 'approve' } })).toEqual([
        'Plan',
        'What next?',
        coReview,
        'Conclude the round',
        'After the round',
        `${soleDecision}: ask`,
        `${soleDecision}: decision?`,
        'Conclude alone',
        'Done',
      ]);
    });

    it('hands over to its next generation with the generation and the cursor, then ends in "Handed over"', () => {
      expect(asl.States['Hand over']).toMatchObject({ Type: 'Task', ResultPath: null, Next: 'Handed over' });
      expect(payloadOf(asl.States['Hand over'])).toEqual({ ...subject, action: 'handover', 'generation.$': '$.generation', 'cursor.$': '$.tick.cursor' });
    });

    it('gives every top-level Task the project\'s Retry and catches every failure there into "Close after failure" with its error in $.error, which closes the milestone before "Milestone failed"', () => {
      const catching = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task' || s.Type === 'Map' || s.Type === 'Parallel');
      expect(catching.map(([name]) => name).sort()).toEqual(
        [
          ...plans,
          'Wait for the lead',
          coReview,
          'Conclude the round',
          ...decisionTasks(soleDecision),
          'Conclude alone',
          extensionAsked,
          'Hand over',
          'Close after failure',
        ].sort(),
      );
      for (const [name, state] of catching) if (state.Type === 'Task') expect(state.Retry, name).toContainEqual(projectRetry);
      for (const [name, state] of catching.filter(([name]) => name !== 'Close after failure'))
        expect(state.Catch?.at(-1), name).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Close after failure' });
      expect(asl.States['Close after failure']).toMatchObject({
        Next: failed,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.closeError', Next: failed }],
      });
      expect(payloadOf(asl.States['Close after failure'])).toEqual({ ...subject, action: 'closeAfterFailure' });
      expect(asl.States[failed]?.Type).toBe('Fail');
    });

    it('is a Standard state machine that an execution may run in for 365 days at most, logging without execution data', () => {
      const [, machine] = stateMachineNamed(app.statelessTemplate, workflowSpecs.milestone.stateMachineName);
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      expect(asl.TimeoutSeconds).toBe(365 * DAY);
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
    const research = aslOf(statelessTemplate, workflowSpecs.research.stateMachineName);
    expect(actualWaits(research)).toEqual(expectedResearchWaits(days).top);
    expect(actualWaits(iterationOf(research, consentMap))).toEqual(expectedResearchWaits(days).consent);
    const milestone = aslOf(statelessTemplate, workflowSpecs.milestone.stateMachineName);
    expect(actualWaits(milestone)).toEqual(expectedMilestoneWaits(days).top);
    const reviewers = coReviewBranches(milestone);
    for (const [label] of coReviewers) expect(actualWaits(reviewers[label]!), label).toEqual(expectedMilestoneWaits(days).branches[label]);
    const extension = extensionBranches(milestone);
    expect(actualWaits(extension.decision)).toEqual(expectedMilestoneWaits(days).extension.decision);
    expect(actualWaits(extension.time)).toEqual(expectedMilestoneWaits(days).extension.time);
    expect(extension.decision.States[`${extensionDecision}: ask`]?.TimeoutSeconds).toBe(86_400);
    expect(everyWait(milestone)).toEqual(allMilestoneWaits(days));
  });

  it("times the research milestone's co-review, the coordinator's decision alone and its decision on an extension by escalateAfterDays and backupWindowDays, links included, and still waits for the lead, and beside the extension's decision, as its plan says", () => {
    const milestone = aslOf(synth({ escalateAfterDays: 7, backupWindowDays: 2 }).statelessTemplate, workflowSpecs.milestone.stateMachineName);
    const days = { ...defaultDays, escalate: 7, backup: 2 };
    const reviewers = coReviewBranches(milestone);
    const extension = extensionBranches(milestone);
    expect(actualWaits(milestone)).toEqual(expectedMilestoneWaits(days).top);
    for (const [label] of coReviewers) expect(actualWaits(reviewers[label]!), label).toEqual(expectedMilestoneWaits(days).branches[label]);
    expect(actualWaits(extension.decision)).toEqual(expectedMilestoneWaits(days).extension.decision);
    expect(actualWaits(extension.time)).toEqual(expectedMilestoneWaits(days).extension.time);
    expect(everyWait(milestone)).toEqual(allMilestoneWaits(days));
    for (const [states, label] of [
      [milestone, soleDecision],
      [extension.decision, extensionDecision],
      ...coReviewers.map(([reviewer]) => [reviewers[reviewer]!, `${reviewer} reviews`] as const),
    ] as const) {
      expect(payloadOf(states.States[`${label}: ask`])?.expiresInSeconds, label).toBe(7 * DAY);
      expect(payloadOf(states.States[`${label}: escalate to backup`])?.expiresInSeconds, label).toBe(2 * DAY);
    }
    for (const [states, wait] of [
      [milestone, 'Wait for the lead'],
      [extension.time, 'Wait beside the decision'],
    ] as const) {
      expect(states.States[wait]?.TimeoutSecondsPath, wait).toBe('$.tick.waitSeconds');
      expect(states.States[wait]?.TimeoutSeconds, wait).toBeUndefined();
    }
  });

  it("times the research project's consents and plan review by escalateAfterDays and backupWindowDays too, links included", () => {
    const research = aslOf(synth({ escalateAfterDays: 7, backupWindowDays: 2 }).statelessTemplate, workflowSpecs.research.stateMachineName);
    const days = { ...defaultDays, escalate: 7, backup: 2 };
    const consent = iterationOf(research, consentMap);
    expect(actualWaits(research)).toEqual(expectedResearchWaits(days).top);
    expect(actualWaits(consent)).toEqual(expectedResearchWaits(days).consent);
    for (const [states, label] of [
      [research, planReview],
      [consent, consentDecision],
    ] as const) {
      expect(payloadOf(states.States[`${label}: ask`])?.expiresInSeconds, label).toBe(7 * DAY);
      expect(payloadOf(states.States[`${label}: escalate to backup`])?.expiresInSeconds, label).toBe(2 * DAY);
    }
  });

  it("gives the partner revisionWindowDays to revise a research project's plan, the edit link expiring with the window", () => {
    const research = aslOf(synth({ revisionWindowDays: 7 }).statelessTemplate, workflowSpecs.research.stateMachineName);
    expect(research.States['Wait for revision']?.TimeoutSeconds).toBe(7 * DAY);
    expect(payloadOf(research.States['Wait for revision'])?.expiresInSeconds).toBe(604_800);
    expect(actualWaits(research)).toEqual(expectedResearchWaits({ ...defaultDays, revision: 7 }).top);
  });

  it('tells every configured function the research limits it is given', () => {
    const lambdas = Object.entries(configuredFunctionsOf(synth({ researchMaxJpHours: 40, milestoneOpenDaysBefore: 14 })));
    expect(lambdas.length).toBeGreaterThan(0);
    for (const [id, fn] of lambdas) {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.RESEARCH_MAX_JP_HOURS, id).toBe('40');
      expect(variables.MILESTONE_OPEN_DAYS_BEFORE, id).toBe('14');
    }
  });

  it('refuses research limits out of their range, naming the key', () => {
    for (const researchMaxJpHours of [0, 201, 1.5]) expect(() => synth({ researchMaxJpHours })).toThrow(/Invalid context: researchMaxJpHours/);
    for (const milestoneOpenDaysBefore of [0, 181]) expect(() => synth({ milestoneOpenDaysBefore })).toThrow(/Invalid context: milestoneOpenDaysBefore/);
    expect(() => synth({ researchMaxJpHours: 200, milestoneOpenDaysBefore: 180 })).not.toThrow();
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

    it("acknowledge each state machine's grant to invoke any version of its own task function, on its own role, for every workflow", () => {
      const constructIds: Record<Workflow, string> = {
        proposal: 'ProposalReview',
        offer: 'PlacementOffer',
        application: 'Application',
        research: 'ResearchProject',
        milestone: 'ResearchMilestone',
      };
      const suppressed = reports
        .flatMap((r) => r.suppressedViolations)
        .filter((v) => /^AwsSolutions-IAM5\[Resource::<[^>]+\.Arn>:\*\]$/.test(v.ruleName))
        .map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath).sort()] as const);
      expect(Object.fromEntries(suppressed)).toEqual(
        Object.fromEntries(
          workflows.map((w) => [
            `AwsSolutions-IAM5[Resource::<${logicalIdOf(synthesized.stateless, workflowSpecs[w].taskFunction)}.Arn>:*]`,
            [`Sinergi-dev-Stateless/${constructIds[w]}/StateMachine/Role/DefaultPolicy/Resource`],
          ]),
        ),
      );
      expect(suppressed).toHaveLength(workflows.length);
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
      const construct = {
        proposal: stateless.proposalReview,
        offer: stateless.placementOffer,
        application: stateless.application,
        research: stateless.researchProject,
        milestone: stateless.researchMilestone,
      }[workflow];
      const logicalId = (alarm: typeof construct.failedAlarm) => stateless.getLogicalId(alarm.node.defaultChild as CfnElement);
      expect(logicalId(construct.failedAlarm)).toBe(alarmOf(workflow, 'ExecutionsFailed')[0]);
      expect(logicalId(construct.timedOutAlarm)).toBe(alarmOf(workflow, 'ExecutionsTimedOut')[0]);
    });
  });

  it('creates no notification topic of its own', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::SNS::Topic'))).toEqual([]);
  });
});
