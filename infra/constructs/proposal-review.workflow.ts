import { Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  type IChainable,
  type State,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ReviewTimings } from '../settings.js';

export interface ProposalReviewWorkflowProps {
  /** The function that runs every task of the review (`functions/proposals/review-task.ts`). */
  taskFunction: IFunction;
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  /** The roles of the approval chain, in order (for readable state names). */
  roles: string[];
  timings: ReviewTimings;
  logRetention: RetentionDays;
}

/**
 * The partnership proposal review: a receipt, then for each level of the chain a human
 * decision (a callback task that waits for the decision link with a timeout), a reminder on
 * the same link, an escalation to the backup approver, and a clear EXPIRED end. A revision
 * request waits for the proposer's resubmission and then restarts the chain at level 1.
 */
export class ProposalReviewWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /** Goes off when a review execution fails (a task kept failing); attach the operators' notification to it. */
  readonly failedAlarm: Alarm;
  /** Goes off when a review execution reaches the state machine's overall timeout; attach the operators' notification to it. */
  readonly timedOutAlarm: Alarm;
  /** Logical id of the task function, as the rule packs name it in findings. */
  readonly taskFunctionLogicalId: string;

  constructor(scope: Construct, id: string, props: ProposalReviewWorkflowProps) {
    super(scope, id);
    const { taskFunction, timings, roles } = props;
    this.taskFunctionLogicalId = Stack.of(this).getLogicalId(taskFunction.node.defaultChild as CfnElement);
    const proposalId = JsonPath.stringAt('$.proposalId');

    const failed = new Fail(this, 'Review failed', { stateName: 'Review failed', comment: 'A task kept failing; see its error and cause' });
    const withRetry = <T extends TaskStateBase>(task: T): T => {
      task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
      return task;
    };
    /** A task of the review function that returns at once. */
    const run = (name: string, payload: Record<string, unknown>, resultPath: string | undefined) =>
      withRetry(
        new LambdaInvoke(this, name, {
          stateName: name,
          lambdaFunction: taskFunction,
          payload: TaskInput.fromObject({ proposalId, ...payload }),
          payloadResponseOnly: true,
          resultPath: resultPath ?? JsonPath.DISCARD,
        }),
      );

    /** A task that hands out a task token and waits, at most `timeout`, for a person. */
    const waitFor = (name: string, payload: Record<string, unknown>, timeout: Duration, resultPath: string) =>
      withRetry(
        new LambdaInvoke(this, name, {
          stateName: name,
          lambdaFunction: taskFunction,
          integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: TaskInput.fromObject({ proposalId, taskToken: JsonPath.taskToken, ...payload }),
          taskTimeout: Timeout.duration(timeout),
          resultPath,
        }),
      );

    // The last resort: close the proposal (EXPIRED, people told) so it never hangs in review,
    // then fail the execution so the alarm fires. If even that fails, fail at once.
    const closeAfterFailure = run('Close after failure', { action: 'closeAfterFailure' }, undefined);
    closeAfterFailure.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.closeError' });
    closeAfterFailure.next(failed);

    const catchAll = (task: TaskStateBase, timeoutNext?: IChainable) => {
      if (timeoutNext) task.addCatch(timeoutNext, { errors: ['States.Timeout'], resultPath: '$.timedOut' });
      task.addCatch(closeAfterFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    };

    const approved = new Succeed(this, 'Approved', { stateName: 'Approved' });
    const rejected = new Succeed(this, 'Rejected', { stateName: 'Rejected' });
    const expired = new Succeed(this, 'Expired', { stateName: 'Expired' });

    const approve = run('Create partnership and notify', { action: 'approve', decision: JsonPath.objectAt('$.decision') }, undefined);
    catchAll(approve);
    approve.next(approved);
    const reject = run('Tell proposer of rejection', { action: 'reject', decision: JsonPath.objectAt('$.decision') }, undefined);
    catchAll(reject);
    reject.next(rejected);

    const revisionWindow = timings.revisionWindow;
    const askRevision = waitFor(
      'Wait for revision',
      { action: 'requestRevision', decision: JsonPath.objectAt('$.decision'), expiresInSeconds: revisionWindow.toSeconds() },
      revisionWindow,
      '$.revision',
    );
    const expireRevision = run('Close unrevised proposal', { action: 'expireRevision' }, '$.revision');
    catchAll(askRevision, expireRevision);
    catchAll(expireRevision);

    // Build the levels from the last to the first, so each knows what follows approval.
    let afterApproval: IChainable = approve;
    let firstLevel: State | undefined;
    for (let level = roles.length; level >= 1; level--) {
      const label = `Level ${level} (${roles[level - 1]})`;
      const ask = waitFor(`${label}: ask`, { action: 'request', level, expiresInSeconds: timings.escalateAfter.toSeconds() }, timings.reminderAfter, '$.decision');
      const remind = waitFor(`${label}: remind`, { action: 'remind', level }, timings.escalateAfter.minus(timings.reminderAfter), '$.decision');
      const escalate = waitFor(`${label}: escalate to backup`, { action: 'escalate', level, expiresInSeconds: timings.backupWindow.toSeconds() }, timings.backupWindow, '$.decision');
      const expire = run(`${label}: expire`, { action: 'expire', level }, '$.decision');
      const decided = new Choice(this, `${label}: decision?`, { stateName: `${label}: decision?` })
        .when(Condition.stringEquals('$.decision.action', 'approve'), afterApproval)
        .when(Condition.stringEquals('$.decision.action', 'reject'), reject)
        .when(Condition.stringEquals('$.decision.action', 'revise'), askRevision)
        .otherwise(closeAfterFailure);
      const late = new Choice(this, `${label}: expired?`, { stateName: `${label}: expired?` })
        .when(Condition.and(Condition.isPresent('$.decision.outcome'), Condition.stringEquals('$.decision.outcome', 'expired')), expired)
        .otherwise(decided);
      catchAll(ask, remind);
      catchAll(remind, escalate);
      catchAll(escalate, expire);
      catchAll(expire);
      ask.next(decided);
      remind.next(decided);
      escalate.next(decided);
      expire.next(late);
      afterApproval = ask;
      firstLevel = ask;
    }
    if (!firstLevel) throw new Error('The approval chain needs at least one level');

    askRevision.next(firstLevel);
    expireRevision.next(
      new Choice(this, 'Resubmitted in time?', { stateName: 'Resubmitted in time?' })
        .when(Condition.stringEquals('$.revision.outcome', 'resubmitted'), firstLevel)
        .otherwise(expired),
    );

    const receipt = run('Send receipt', { action: 'receipt' }, undefined);
    catchAll(receipt);
    receipt.next(firstLevel);

    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(receipt),
      comment: 'Partnership proposal review: approval chain with reminders, escalation and revision rounds',
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      // A proposal can go round the chain several times, each step waiting days; a year bounds it.
      timeout: Duration.days(365),
    });

    // A review that ends this way leaves its proposal waiting with nobody told: say so at once.
    const alarmOn = (id: string, metric: Metric, description: string) =>
      new Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    this.failedAlarm = alarmOn(
      'ExecutionsFailedAlarm',
      this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      'A proposal review execution failed: its proposal will not move on by itself',
    );
    this.timedOutAlarm = alarmOn(
      'ExecutionsTimedOutAlarm',
      this.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
      'A proposal review execution timed out: its proposal will not move on by itself',
    );
  }
}

