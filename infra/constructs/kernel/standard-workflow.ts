import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type CfnStateMachine, DefinitionBody, type IChainable, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { UnscopedGrants } from './unscoped-grants.js';

export interface StandardWorkflowProps {
  /** Fixed name, so functions can be granted on its ARN without a circular reference. */
  stateMachineName: string;
  definition: IChainable;
  comment: string;
  logRetention: RetentionDays;
  /** The longest an execution may run. */
  timeout: Duration;
  /** What an execution is about, for the alarms' descriptions (e.g. "A proposal review execution"; its subject, e.g. "its proposal"). */
  alarmSubject: { execution: string; subject: string };
}

/** A Standard state machine with its logs (no execution data), X-Ray, and alarms on failed and timed-out executions. */
export interface StandardWorkflow {
  stateMachine: StateMachine;
  /** Goes off when an execution fails (a task kept failing); attach the operators' notification to it. */
  failedAlarm: Alarm;
  /** Goes off when an execution reaches the state machine's overall timeout; attach the operators' notification to it. */
  timedOutAlarm: Alarm;
}

/** Makes every workflow of the project the same way, inside `scope`. */
export function standardWorkflow(scope: Construct, props: StandardWorkflowProps): StandardWorkflow {
  const logGroup = new LogGroup(scope, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    stateMachineName: props.stateMachineName,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    comment: props.comment,
    timeout: props.timeout,
  });
  // Logs and traces are set on the resource itself: the `logs` and `tracingEnabled` properties
  // would put their "*" grants in the state machine's own policy, where an acknowledgement of
  // them would cover any other wildcard too. They come from the stack's one delivery policy.
  const resource = stateMachine.node.defaultChild as CfnStateMachine;
  resource.tracingConfiguration = { enabled: true };
  resource.loggingConfiguration = {
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroup.logGroupArn } }],
    level: LogLevel.ALL,
    includeExecutionData: false,
  };
  UnscopedGrants.attach('WorkflowDelivery', stateMachine.role, resource);
  // An execution that ends this way leaves its subject waiting with nobody told: say so at once.
  const alarmOn = (id: string, metric: Metric, description: string) =>
    new Alarm(scope, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  const { execution, subject } = props.alarmSubject;
  return {
    stateMachine,
    failedAlarm: alarmOn(
      'ExecutionsFailedAlarm',
      stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${execution} failed: ${subject} will not move on by itself`,
    ),
    timedOutAlarm: alarmOn(
      'ExecutionsTimedOutAlarm',
      stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${execution} timed out: ${subject} will not move on by itself`,
    ),
  };
}
