import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, JsonPath, Map as MapState, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MAX_MEMBERS } from '../../../shared/research/research.schema.js';
import { standardWorkflow } from '../kernel/standard-workflow.js';
import { type DecisionTimings, WorkflowKit } from '../kernel/workflow-kit.js';

export interface ResearchProjectWorkflowProps {
  /** The function that runs every task of the workflow (`functions/research/project-task.ts`). */
  taskFunction: IFunction;
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  timings: DecisionTimings;
  /** How long the partner has to resubmit a plan sent back. */
  revisionWindow: Duration;
  logRetention: RetentionDays;
}

/**
 * A research project before it runs: a receipt to the partner; every member's supervisor asked
 * at once (a Map of human decisions, each with its reminder, escalation to the coordinator and
 * expiry); the members without consent leave the team (with none left the project ends); then
 * the coordinator's review of the plan, whose approval makes the project ACTIVE. Each milestone
 * then runs in an execution of its own, so no execution comes near the year a Standard
 * execution may last.
 */
export class ResearchProjectWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly failedAlarm: Alarm;
  readonly timedOutAlarm: Alarm;
  /** Logical id of the task function, as the rule packs name it in findings. */
  readonly taskFunctionLogicalId: string;

  constructor(scope: Construct, id: string, props: ResearchProjectWorkflowProps) {
    super(scope, id);
    const { taskFunction, timings } = props;
    this.taskFunctionLogicalId = Stack.of(this).getLogicalId(taskFunction.node.defaultChild as CfnElement);
    const kit = new WorkflowKit(this, taskFunction, { projectId: JsonPath.stringAt('$.projectId') }, { failed: 'Project failed' });
    const end = (name: string) => new Succeed(this, name, { stateName: name });

    // One member's consent: the decision is recorded on the member by the link itself, so every
    // way out of the decision ends the branch; the tally reads the members afterwards.
    const memberKit = new WorkflowKit(
      this,
      taskFunction,
      { projectId: JsonPath.stringAt('$.projectId'), member: JsonPath.numberAt('$.member') },
      { failed: 'Consent failed', close: false },
    );
    const answered = end('Consent answered');
    const consent = memberKit.humanDecision({
      label: 'Supervisor consents',
      level: 1,
      timings,
      next: { approve: answered, reject: answered },
      expired: end('Consent not given'),
    });
    const askEveryone = new MapState(this, 'Ask every supervisor', {
      stateName: 'Ask every supervisor',
      itemsPath: '$.consent.members',
      itemSelector: { projectId: JsonPath.stringAt('$.projectId'), member: JsonPath.numberAt('$$.Map.Item.Value') },
      maxConcurrency: MAX_MEMBERS,
      resultPath: JsonPath.DISCARD,
    });
    askEveryone.itemProcessor(consent);
    kit.catchAll(askEveryone);

    const approve = kit.run('Activate and send project links', { action: 'approve', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(approve);
    approve.next(end('Active'));
    const reject = kit.run('Tell partner of rejection', { action: 'reject', decision: JsonPath.objectAt('$.decision') });
    kit.catchAll(reject);
    reject.next(end('Rejected'));
    // A revision goes back to the partner through an edit link; the resubmitted plan is reviewed again.
    const revisionWindow = props.revisionWindow;
    const askRevision = kit.waitFor(
      'Wait for revision',
      { action: 'requestRevision', decision: JsonPath.objectAt('$.decision'), expiresInSeconds: revisionWindow.toSeconds() },
      revisionWindow,
      '$.revision',
    );
    const expireRevision = kit.run('Close unrevised project', { action: 'expireRevision' }, '$.revision');
    kit.catchAll(askRevision, expireRevision);
    kit.catchAll(expireRevision);
    const expired = end('Expired');
    const planReview = kit.humanDecision({ label: 'Coordinator reviews plan', level: 1, timings, next: { approve, reject, revise: askRevision }, expired });
    askRevision.next(planReview);
    expireRevision.next(
      new Choice(this, 'Revised in time?', { stateName: 'Revised in time?' })
        .when(Condition.and(Condition.isPresent('$.revision.outcome'), Condition.stringEquals('$.revision.outcome', 'resubmitted')), planReview)
        .otherwise(expired),
    );

    const tally = kit.run('Tally consent', { action: 'tallyConsent' }, '$.team');
    kit.catchAll(tally);
    tally.next(
      new Choice(this, 'Anyone left?', { stateName: 'Anyone left?' })
        .when(Condition.numberGreaterThan('$.team.remaining', 0), planReview)
        .otherwise(end('No members')),
    );
    askEveryone.next(tally);

    const begin = kit.run('Begin consent', { action: 'beginConsent' }, '$.consent');
    kit.catchAll(begin);
    begin.next(askEveryone);
    const receipt = kit.run('Send receipt', { action: 'receipt' });
    kit.catchAll(receipt);
    receipt.next(begin);

    const workflow = standardWorkflow(this, {
      stateMachineName: props.stateMachineName,
      definition: receipt,
      comment: "A research project's consent (every member's supervisor at once) and the coordinator's review of its plan",
      logRetention: props.logRetention,
      // Human steps in a row, each with its reminder, escalation and expiry: a year bounds them whatever the timings.
      timeout: Duration.days(365),
      alarmSubject: { execution: 'A research project execution', subject: 'its project' },
    });
    this.stateMachine = workflow.stateMachine;
    this.failedAlarm = workflow.failedAlarm;
    this.timedOutAlarm = workflow.timedOutAlarm;
  }
}
