import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, type LocalStepFunctionsOptions, StepFunctionsApiError } from '../../infra/local/step-functions.js';

const REGION = 'ap-southeast-3';
const FUNCTION_ARN = 'arn:aws:lambda:ap-southeast-3:000000000000:function:fn';
const STATE_MACHINE_ARN = 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:Approval';

/** A callback task as CDK emits it for `LambdaInvoke` with `IntegrationPattern.WAIT_FOR_TASK_TOKEN`. */
function callbackTask(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: FUNCTION_ARN,
      Payload: { 'taskToken.$': '$$.Task.Token', 'x.$': '$.x' },
    },
    ...fields,
  };
}

/** The Retry entries CDK adds to every LambdaInvoke task. */
const CDK_LAMBDA_RETRY = [
  {
    ErrorEquals: ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];

interface Invocation {
  functionName: string;
  payload: { taskToken?: string; [key: string]: unknown };
}

const engines: LocalStepFunctions[] = [];
const clients: SFNClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

function createEngine(options: Partial<LocalStepFunctionsOptions> = {}) {
  const invocations: Invocation[] = [];
  const engine = new LocalStepFunctions({
    timeScale: 20,
    invokeFunction: async (functionName, payload) => {
      invocations.push({ functionName, payload: payload as Invocation['payload'] });
      return null;
    },
    ...options,
  });
  engines.push(engine);
  return { engine, invocations };
}

async function sdkClientFor(engine: LocalStepFunctions): Promise<SFNClient> {
  const { url } = await engine.listen(0);
  const client = new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

function start(engine: LocalStepFunctions, input: unknown = { x: 7 }, name?: string): string {
  return engine.startExecution({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(input), ...(name ? { name } : {}) }).executionArn;
}

function outputOf(description: { output?: string }): Record<string, unknown> {
  return JSON.parse(description.output ?? 'null') as Record<string, unknown>;
}

function apiErrorOf(action: () => unknown): StepFunctionsApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof StepFunctionsApiError) return error;
    throw error;
  }
  throw new Error('expected a StepFunctionsApiError');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LocalStepFunctions', () => {
  describe('on Node 20', () => {
    it('provides Promise.withResolvers, so Task states do not fail into a States.ALL catcher', async () => {
      expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
      const { engine } = createEngine({ invokeFunction: async () => ({ fine: true }) });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Call',
        States: {
          Call: { Type: 'Task', Resource: FUNCTION_ARN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }], Next: 'Fine' },
          Broken: { Type: 'Fail', Error: 'Broken' },
          Fine: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);
      expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
      expect(engine.statesEntered(executionArn)).toEqual(['Call', 'Fine']);
    });
  });

  describe('callback tasks (lambda:invoke.waitForTaskToken)', () => {
    const approvalMachine = {
      StartAt: 'Ask',
      States: {
        Ask: callbackTask({
          TimeoutSeconds: 60,
          ResultPath: '$.answer',
          Catch: [
            { ErrorEquals: ['States.Timeout'], Next: 'TimedOut' },
            { ErrorEquals: ['ProposalRejected'], ResultPath: '$.error', Next: 'Rejected' },
          ],
          Next: 'Approved',
        }),
        Approved: { Type: 'Succeed' },
        Rejected: { Type: 'Succeed' },
        TimedOut: { Type: 'Succeed' },
      },
    };

    it('passes a fresh token to the function and resumes when SendTaskSuccess arrives through the SDK', async () => {
      const { engine, invocations } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, approvalMachine);
      const client = await sdkClientFor(engine);

      const started = await client.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'proposal-1', input: '{"x":7}' }));
      expect(started.executionArn).toBe('arn:aws:states:ap-southeast-3:000000000000:execution:Approval:proposal-1');
      expect(started.startDate).toBeInstanceOf(Date);

      const { taskToken } = await engine.waitForTaskToken('Ask');
      expect(invocations).toEqual([{ functionName: FUNCTION_ARN, payload: { taskToken, x: 7 } }]);
      const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      expect(running.status).toBe('RUNNING');

      await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approved: true }) }));

      const finished = await engine.waitForExecution(started.executionArn!);
      expect(finished.status).toBe('SUCCEEDED');
      expect(outputOf(finished)).toEqual({ x: 7, answer: { approved: true } });
      expect(engine.statesEntered(started.executionArn!)).toEqual(['Ask', 'Approved']);
      const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'proposal-1', stateMachineArn: STATE_MACHINE_ARN });
      expect(described.startDate).toBeInstanceOf(Date);
      expect(described.stopDate).toBeInstanceOf(Date);
    });

    it('routes SendTaskFailure to the catcher naming its error, with the cause in the Catch output', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, approvalMachine);
      const executionArn = start(engine);

      const { taskToken } = await engine.waitForTaskToken('Ask');
      engine.sendTaskFailure({ taskToken, error: 'ProposalRejected', cause: 'Budget exceeded' });

      const finished = await engine.waitForExecution(executionArn);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'Rejected']);
      expect(outputOf(finished).error).toEqual({ Error: 'ProposalRejected', Cause: 'Budget exceeded' });
    });

    it('times out after the scaled TimeoutSeconds into a States.Timeout catcher, not a States.TaskFailed one', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            TimeoutSeconds: 2, // 100 ms at timeScale 20
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
              { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
            ],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          Failed: { Type: 'Succeed' },
          TimedOut: { Type: 'Succeed' },
        },
      });
      const client = await sdkClientFor(engine);
      const startedAt = Date.now();
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      const finished = await engine.waitForExecution(executionArn);
      const elapsed = Date.now() - startedAt;
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'TimedOut']);
      expect(outputOf(finished).error).toMatchObject({ Error: 'States.Timeout' });
      expect(elapsed).toBeGreaterThanOrEqual(90);
      expect(elapsed).toBeLessThan(1500);

      await expect(client.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
      expect(apiErrorOf(() => engine.sendTaskHeartbeat({ taskToken })).name).toBe('TaskTimedOut');
    });

    it('keeps a task running while heartbeats arrive within HeartbeatSeconds', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            TimeoutSeconds: 60,
            HeartbeatSeconds: 2, // 100 ms at timeScale 20
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          Failed: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      for (let beat = 0; beat < 6; beat += 1) {
        await sleep(40);
        engine.sendTaskHeartbeat({ taskToken });
      }
      // About 240 ms have passed, more than twice HeartbeatSeconds.
      engine.sendTaskSuccess({ taskToken, output: '{}' });

      expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'Approved']);
    });

    it('fails a task whose heartbeats stop with States.HeartbeatTimeout and closes its token', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            TimeoutSeconds: 60,
            HeartbeatSeconds: 2,
            Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.error', Next: 'NoHeartbeat' }],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          NoHeartbeat: { Type: 'Succeed' },
        },
      });
      const startedAt = Date.now();
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      const finished = await engine.waitForExecution(executionArn);
      expect(Date.now() - startedAt).toBeLessThan(1500);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'NoHeartbeat']);
      expect(outputOf(finished).error).toMatchObject({ Error: 'States.HeartbeatTimeout' });
      expect(apiErrorOf(() => engine.sendTaskHeartbeat({ taskToken })).name).toBe('TaskTimedOut');
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken, output: '{}' })).name).toBe('TaskTimedOut');
    });

    it('lets a States.Timeout catcher catch a heartbeat timeout, as AWS does, while States.TaskFailed does not', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            HeartbeatSeconds: 2,
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
              { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
            ],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          Failed: { Type: 'Succeed' },
          TimedOut: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const finished = await engine.waitForExecution(executionArn);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'TimedOut']);
      expect(outputOf(finished).error).toMatchObject({ Error: 'States.HeartbeatTimeout' });
    });

    it('issues a new token for every Retry attempt and refuses the superseded ones', async () => {
      const { engine, invocations } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            TimeoutSeconds: 60,
            Retry: [...CDK_LAMBDA_RETRY, { ErrorEquals: ['ReviewerBusy'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
            ResultPath: '$.answer',
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const first = await engine.waitForTaskToken('Ask');
      engine.sendTaskFailure({ taskToken: first.taskToken, error: 'ReviewerBusy' });
      const second = await engine.waitForTaskToken('Ask');
      engine.sendTaskFailure({ taskToken: second.taskToken, error: 'ReviewerBusy' });
      const third = await engine.waitForTaskToken('Ask');
      engine.sendTaskSuccess({ taskToken: third.taskToken, output: '{"approved":true}' });

      const finished = await engine.waitForExecution(executionArn);
      expect(finished.status).toBe('SUCCEEDED');
      expect(outputOf(finished).answer).toEqual({ approved: true });
      const tokens = [first.taskToken, second.taskToken, third.taskToken];
      expect(new Set(tokens).size).toBe(3);
      expect(invocations.map((invocation) => invocation.payload.taskToken)).toEqual(tokens);
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken: first.taskToken, output: '{}' })).name).toBe('TaskTimedOut');
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'Approved']);
    });

    it('accepts SendTaskSuccess sent by the function itself before its invocation returns', async () => {
      const events: string[] = [];
      const { engine } = createEngine({
        invokeFunction: async (_functionName, payload) => {
          const { taskToken } = payload as { taskToken: string };
          engine.sendTaskSuccess({ taskToken, output: JSON.stringify({ decidedBy: 'function' }) });
          events.push('success sent');
          await sleep(30);
          events.push('function returned');
          return { statusCode: 200 };
        },
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, approvalMachine);
      const executionArn = start(engine);

      const finished = await engine.waitForExecution(executionArn);
      expect(finished.status).toBe('SUCCEEDED');
      expect(outputOf(finished).answer).toEqual({ decidedBy: 'function' });
      expect(events[0]).toBe('success sent');
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'Approved']);
    });

    it('closes the token of a sibling Parallel branch when another branch fails the Parallel state', async () => {
      const { engine } = createEngine();
      const branch = (name: string) => ({ StartAt: name, States: { [name]: callbackTask({ End: true }) } });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'BothReviewers',
        States: {
          BothReviewers: {
            Type: 'Parallel',
            Branches: [branch('AskFirst'), branch('AskSecond')],
            Catch: [{ ErrorEquals: ['ProposalRejected'], ResultPath: '$.error', Next: 'AskChair' }],
            Next: 'Approved',
          },
          AskChair: callbackTask({ Next: 'Approved' }),
          Approved: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);
      const first = await engine.waitForTaskToken('AskFirst');
      const second = await engine.waitForTaskToken('AskSecond');

      engine.sendTaskFailure({ taskToken: first.taskToken, error: 'ProposalRejected' });
      const chair = await engine.waitForTaskToken('AskChair');
      await sleep(10);

      expect(engine.describeExecution({ executionArn }).status).toBe('RUNNING');
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken: second.taskToken, output: '{}' })).name).toBe('TaskTimedOut');
      engine.sendTaskSuccess({ taskToken: chair.taskToken, output: '{}' });
      expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
      expect(engine.statesEntered(executionArn)).toEqual(['BothReviewers', 'AskFirst', 'AskSecond', 'AskChair', 'Approved']);
    });

    it('fails the task with the error type of a function that throws, and closes its token', async () => {
      class ProposalNotFound extends Error {
        override name = 'ProposalNotFound';
      }
      let issuedToken = '';
      const { engine } = createEngine({
        invokeFunction: async (_functionName, payload) => {
          issuedToken = (payload as { taskToken: string }).taskToken;
          throw new ProposalNotFound('No proposal 42');
        },
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            Catch: [{ ErrorEquals: ['ProposalNotFound'], ResultPath: '$.error', Next: 'NotFound' }],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          NotFound: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const finished = await engine.waitForExecution(executionArn);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'NotFound']);
      const error = outputOf(finished).error as { Error: string; Cause: string };
      expect(error.Error).toBe('ProposalNotFound');
      expect(JSON.parse(error.Cause)).toEqual({ errorType: 'ProposalNotFound', errorMessage: 'No proposal 42' });
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken: issuedToken, output: '{}' })).name).toBe('TaskTimedOut');
    });
  });

  describe('lambda:invoke tasks', () => {
    it('returns the function result as the Payload of a Lambda Invoke response', async () => {
      const { engine, invocations } = createEngine({
        invokeFunction: async (functionName, payload) => {
          invocations.push({ functionName, payload: payload as Invocation['payload'] });
          return { score: 88 };
        },
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Score',
        States: {
          Score: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
            Retry: CDK_LAMBDA_RETRY,
            ResultPath: '$.raw',
            Next: 'ScoreAgain',
          },
          ScoreAgain: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FUNCTION_ARN, Payload: { 'x.$': '$.x' } },
            ResultSelector: { 'Payload.$': '$.Payload' },
            ResultPath: '$.selected',
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const output = outputOf(await engine.waitForExecution(executionArn));
      expect(output.raw).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { score: 88 } });
      expect(output.selected).toEqual({ Payload: { score: 88 } });
      expect(invocations).toEqual([
        { functionName: FUNCTION_ARN, payload: { x: 7 } },
        { functionName: FUNCTION_ARN, payload: { x: 7 } },
      ]);
    });

    it('routes a function error to the catcher naming its error type, with a Lambda-style Cause', async () => {
      let calls = 0;
      const { engine } = createEngine({
        invokeFunction: async () => {
          calls += 1;
          throw Object.assign(new Error('Proposal 42 is closed'), { name: 'ProposalClosed' });
        },
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Score',
        States: {
          Score: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
            Retry: CDK_LAMBDA_RETRY,
            Catch: [
              { ErrorEquals: ['SomethingElse'], Next: 'Wrong' },
              { ErrorEquals: ['ProposalClosed'], ResultPath: '$.error', Next: 'Closed' },
            ],
            Next: 'Wrong',
          },
          Wrong: { Type: 'Fail', Error: 'WrongPath' },
          Closed: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const finished = await engine.waitForExecution(executionArn);
      expect(engine.statesEntered(executionArn)).toEqual(['Score', 'Closed']);
      const error = outputOf(finished).error as { Error: string; Cause: string };
      expect(error.Error).toBe('ProposalClosed');
      expect(JSON.parse(error.Cause)).toEqual({ errorType: 'ProposalClosed', errorMessage: 'Proposal 42 is closed' });
      expect(calls).toBe(1);
    });

    it('invokes a plain Lambda function ARN with the state input and takes its result as is', async () => {
      const { engine } = createEngine({
        invokeFunction: async (functionName, payload) => ({ functionName, doubled: (payload as { x: number }).x * 2 }),
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Double',
        States: { Double: { Type: 'Task', Resource: FUNCTION_ARN, End: true } },
      });
      const executionArn = start(engine);

      expect(outputOf(await engine.waitForExecution(executionArn))).toEqual({ functionName: FUNCTION_ARN, doubled: 14 });
    });

    it('fails the execution with States.Runtime for a resource it cannot run, even under a States.ALL catcher', async () => {
      const logged: string[] = [];
      const { engine } = createEngine({ log: (level, message) => logged.push(`${level}: ${message}`) });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 'proposals', Item: { pk: { S: 'x' } } },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Succeed' },
        },
      });
      const executionArn = start(engine);

      const finished = await engine.waitForExecution(executionArn);
      expect(finished.status).toBe('FAILED');
      expect(finished.error).toBe('States.Runtime');
      expect(finished.cause).toContain('arn:aws:states:::dynamodb:putItem');
      expect(logged.some((line) => line.startsWith('warn: state machine definition'))).toBe(true);
    });
  });

  describe('time scaling', () => {
    it('divides Wait Seconds by timeScale', async () => {
      const { engine } = createEngine({ timeScale: 30 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Pause',
        States: { Pause: { Type: 'Wait', Seconds: 3, Next: 'Done' }, Done: { Type: 'Succeed' } },
      });
      const startedAt = Date.now();
      const executionArn = start(engine);

      expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
      const elapsed = Date.now() - startedAt;
      expect(elapsed).toBeGreaterThanOrEqual(90); // 3 s / 30
      expect(elapsed).toBeLessThan(1000);
    });

    it('scales Wait states and task timeouts inside Parallel branches and Map iterations', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'BranchPause', States: { BranchPause: { Type: 'Wait', Seconds: 2, End: true } } },
              {
                StartAt: 'BranchAsk',
                States: {
                  BranchAsk: callbackTask({
                    TimeoutSeconds: 4,
                    Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'BranchTimedOut' }],
                    End: true,
                  }),
                  BranchTimedOut: { Type: 'Pass', Result: 'timed out', End: true },
                },
              },
            ],
            ResultPath: '$.branches',
            Next: 'EachItem',
          },
          EachItem: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'ItemPause',
              States: { ItemPause: { Type: 'Wait', Seconds: 2, End: true } },
            },
            ResultPath: null,
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      });
      const startedAt = Date.now();
      const executionArn = start(engine, { x: 1, items: [1, 2] });

      const finished = await engine.waitForExecution(executionArn);
      const elapsed = Date.now() - startedAt;
      expect(finished.status).toBe('SUCCEEDED');
      expect(outputOf(finished).branches).toEqual([{ x: 1, items: [1, 2] }, 'timed out']);
      expect(engine.statesEntered(executionArn).filter((name) => name === 'ItemPause')).toHaveLength(2);
      expect(engine.statesEntered(executionArn)).toContain('BranchTimedOut');
      expect(elapsed).toBeGreaterThanOrEqual(280); // 200 ms branch timeout + 100 ms Map wait
      expect(elapsed).toBeLessThan(2000);
    });

    it('reads TimeoutSecondsPath from the task input and scales it too', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            TimeoutSecondsPath: '$.deadline.seconds',
            Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }],
            Next: 'Approved',
          }),
          Approved: { Type: 'Succeed' },
          TimedOut: { Type: 'Succeed' },
        },
      });
      const startedAt = Date.now();
      const executionArn = start(engine, { x: 1, deadline: { seconds: 2 } });

      await engine.waitForExecution(executionArn);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask', 'TimedOut']);
      expect(Date.now() - startedAt).toBeLessThan(1000);
    });
  });

  describe('state machines', () => {
    it('refuses an invalid definition with InvalidDefinition and leaves the given definition untouched', () => {
      const { engine } = createEngine();
      const broken = { StartAt: 'Missing', States: { Done: { Type: 'Succeed' } } };
      const valid = { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 5, End: true } } };
      const validBefore = JSON.stringify(valid);

      expect(apiErrorOf(() => engine.registerStateMachine(STATE_MACHINE_ARN, broken)).name).toBe('InvalidDefinition');
      expect(apiErrorOf(() => engine.registerStateMachine('not-an-arn', valid)).name).toBe('InvalidArn');
      engine.registerStateMachine(STATE_MACHINE_ARN, valid);
      expect(JSON.stringify(valid)).toBe(validBefore);
    });
  });

  describe('executions', () => {
    const waitingMachine = {
      StartAt: 'Ask',
      States: { Ask: callbackTask({ Next: 'Approved' }), Approved: { Type: 'Succeed' } },
    };

    it('names executions after the state machine ARN, with a random UUID when no name is given', () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, waitingMachine);

      expect(start(engine, {}, 'nip-1987')).toBe('arn:aws:states:ap-southeast-3:000000000000:execution:Approval:nip-1987');
      expect(start(engine)).toMatch(
        /^arn:aws:states:ap-southeast-3:000000000000:execution:Approval:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });

    it('answers ExecutionAlreadyExists for a reused name, unless the same input is started again while RUNNING', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, waitingMachine);
      const client = await sdkClientFor(engine);
      const executionArn = start(engine, { x: 1 }, 'proposal-7');

      expect(start(engine, { x: 1 }, 'proposal-7')).toBe(executionArn);
      expect(apiErrorOf(() => start(engine, { x: 2 }, 'proposal-7')).name).toBe('ExecutionAlreadyExists');
      await expect(client.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'proposal-7', input: '{"x":2}' }))).rejects.toMatchObject({
        name: 'ExecutionAlreadyExists',
      });

      const { taskToken } = await engine.waitForTaskToken('Ask', { executionArn });
      engine.sendTaskSuccess({ taskToken, output: '{}' });
      await engine.waitForExecution(executionArn);
      expect(apiErrorOf(() => start(engine, { x: 1 }, 'proposal-7')).name).toBe('ExecutionAlreadyExists');
    });

    it('answers StateMachineDoesNotExist and ExecutionDoesNotExist for unknown ARNs', () => {
      const { engine } = createEngine();
      const unknownMachine = 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:Nope';
      expect(apiErrorOf(() => engine.startExecution({ stateMachineArn: unknownMachine })).name).toBe('StateMachineDoesNotExist');
      const unknownExecution = 'arn:aws:states:ap-southeast-3:000000000000:execution:Nope:x';
      expect(apiErrorOf(() => engine.describeExecution({ executionArn: unknownExecution })).name).toBe('ExecutionDoesNotExist');
      expect(apiErrorOf(() => engine.stopExecution({ executionArn: unknownExecution })).name).toBe('ExecutionDoesNotExist');
    });

    it('fails an execution with the name and message of an uncaught error', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, waitingMachine);
      const executionArn = start(engine);

      const { taskToken } = await engine.waitForTaskToken('Ask');
      engine.sendTaskFailure({ taskToken, error: 'ReviewerUnavailable', cause: 'No reviewer assigned' });

      const finished = await engine.waitForExecution(executionArn);
      expect(finished).toMatchObject({ status: 'FAILED', error: 'ReviewerUnavailable', cause: 'No reviewer assigned' });
      expect(finished.output).toBeUndefined();
      expect(finished.stopDate).toBeInstanceOf(Date);
    });

    it('stops an execution through the SDK: ABORTED with the given error, no further states, token refused', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, waitingMachine);
      const client = await sdkClientFor(engine);
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      const stopped = await client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'Applicant withdrew' }));
      expect(stopped.stopDate).toBeInstanceOf(Date);

      const finished = await engine.waitForExecution(executionArn);
      expect(finished).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'Applicant withdrew' });
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken, output: '{}' })).name).toBe('TaskTimedOut');
      await sleep(20);
      expect(engine.statesEntered(executionArn)).toEqual(['Ask']);
      expect(engine.describeExecution({ executionArn }).status).toBe('ABORTED');
    });

    it('marks an execution TIMED_OUT when the state machine TimeoutSeconds (scaled) passes', async () => {
      const { engine } = createEngine({ timeScale: 20 });
      engine.registerStateMachine(STATE_MACHINE_ARN, { ...waitingMachine, TimeoutSeconds: 2 });
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      expect((await engine.waitForExecution(executionArn)).status).toBe('TIMED_OUT');
      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken, output: '{}' })).name).toBe('TaskTimedOut');
    });

    it('aborts running executions on close()', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, waitingMachine);
      const executionArn = start(engine);
      await engine.waitForTaskToken('Ask');

      await engine.close();
      expect(engine.describeExecution({ executionArn }).status).toBe('ABORTED');
    });
  });

  describe('task tokens', () => {
    it('answers InvalidToken for a token that was never issued, also through the SDK', async () => {
      const { engine } = createEngine();
      const client = await sdkClientFor(engine);

      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken: 'made-up', output: '{}' })).name).toBe('InvalidToken');
      expect(apiErrorOf(() => engine.sendTaskFailure({ taskToken: '' })).name).toBe('InvalidToken');
      expect(apiErrorOf(() => engine.sendTaskHeartbeat({ taskToken: 'made-up' })).name).toBe('InvalidToken');
      await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'made-up', output: '{}' }))).rejects.toMatchObject({
        name: 'InvalidToken',
      });
    });

    it('answers InvalidOutput for output that is not JSON, and keeps the task waiting', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: { Ask: callbackTask({ End: true }) },
      });
      const executionArn = start(engine);
      const { taskToken } = await engine.waitForTaskToken('Ask');

      expect(apiErrorOf(() => engine.sendTaskSuccess({ taskToken, output: 'approved' })).name).toBe('InvalidOutput');
      expect(engine.describeExecution({ executionArn }).status).toBe('RUNNING');
      engine.sendTaskSuccess({ taskToken, output: '"approved"' });
      expect(outputOf(await engine.waitForExecution(executionArn))).toBe('approved');
    });

    it('never hands a task token to the log sink', async () => {
      const logged: unknown[] = [];
      const { engine } = createEngine({
        timeScale: 20,
        log: (level, message, fields) => logged.push({ level, message, fields }),
        invokeFunction: async (_functionName, payload) => {
          // A function error that repeats its input must not leak the token either.
          throw new Error(`Cannot handle ${JSON.stringify(payload)}`);
        },
      });
      engine.registerStateMachine(STATE_MACHINE_ARN, {
        StartAt: 'Ask',
        States: {
          Ask: callbackTask({
            Retry: [{ ErrorEquals: ['Error'], IntervalSeconds: 1, MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
            Next: 'Done',
          }),
          Done: { Type: 'Succeed' },
        },
      });
      const tokens: string[] = [];
      const collect = async () => {
        for (let i = 0; i < 2; i += 1) tokens.push((await engine.waitForTaskToken('Ask')).taskToken);
      };
      const collected = collect();
      const executionArn = start(engine);

      await engine.waitForExecution(executionArn);
      await collected;
      expect(tokens).toHaveLength(2);
      expect(logged.length).toBeGreaterThan(3);
      const everything = JSON.stringify(logged);
      for (const token of tokens) expect(everything).not.toContain(token);
    });
  });

  describe('HTTP API', () => {
    it('answers an unknown action with 400 UnknownOperationException in the AWS JSON error shape', async () => {
      const { engine } = createEngine();
      const { url } = await engine.listen(0);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutionsPlease' },
        body: '{}',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    });

    it('serialises dates as epoch seconds, as the AWS JSON 1.0 protocol does', async () => {
      const { engine } = createEngine();
      engine.registerStateMachine(STATE_MACHINE_ARN, { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
      const { url } = await engine.listen(0);

      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
        body: JSON.stringify({ stateMachineArn: STATE_MACHINE_ARN, input: '{}' }),
      });
      const body = (await response.json()) as { startDate: unknown };
      expect(response.status).toBe(200);
      expect(typeof body.startDate).toBe('number');
      expect(Math.abs((body.startDate as number) - Date.now() / 1000)).toBeLessThan(5);
    });
  });
});

describe('long waits in real time', () => {
  it('keeps a year-long execution with a 30-day callback task waiting instead of timing out at once', async () => {
    const { engine } = createEngine({ timeScale: 1 });
    engine.registerStateMachine(STATE_MACHINE_ARN, {
      StartAt: 'Wait for a person',
      TimeoutSeconds: 365 * 86_400,
      States: { 'Wait for a person': { ...callbackTask({ TimeoutSeconds: 30 * 86_400 }), End: true } },
    });
    const executionArn = start(engine);
    const { taskToken } = await engine.waitForTaskToken('Wait for a person', { executionArn, timeoutMs: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engine.describeExecution({ executionArn }).status).toBe('RUNNING');
    engine.sendTaskSuccess({ taskToken, output: '{"done":true}' });
    const done = await engine.waitForExecution(executionArn, 2_000);
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('waits until a date', () => {
  it('scales a Wait on a TimestampPath by the time scale and passes its input through', async () => {
    const { engine } = createEngine({ timeScale: 10_000 });
    engine.registerStateMachine(STATE_MACHINE_ARN, {
      StartAt: 'Until the start date',
      States: { 'Until the start date': { Type: 'Wait', TimestampPath: '$.startsAt', End: true } },
    });
    // 20 000 s ahead in real time: 2 s at this scale.
    const startsAt = new Date(Date.now() + 20_000_000).toISOString();
    const started = Date.now();
    const executionArn = start(engine, { startsAt, keep: 'me' });
    const done = await engine.waitForExecution(executionArn, 10_000);
    const took = Date.now() - started;
    expect(done.status).toBe('SUCCEEDED');
    expect(outputOf(done)).toEqual({ startsAt, keep: 'me' });
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(6_000);
    expect(engine.statesEntered(executionArn)).toEqual(['Until the start date']);
  });

  it('passes a date already gone at once', async () => {
    const { engine } = createEngine({ timeScale: 1 });
    engine.registerStateMachine(STATE_MACHINE_ARN, {
      StartAt: 'Until then',
      States: { 'Until then': { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    const done = await engine.waitForExecution(start(engine, {}), 2_000);
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('the execution journal', () => {
  it('resumes, under the same name, an execution that was running when the engine closed, and forgets it once finished', async () => {
    const journalFile = `${(await import('node:os')).tmpdir()}/sinergi-journal-${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
    const definition = { StartAt: 'Wait for a person', States: { 'Wait for a person': { ...callbackTask({ TimeoutSeconds: 3600 }), End: true } } };
    const first = createEngine({ journalFile }).engine;
    first.registerStateMachine(STATE_MACHINE_ARN, definition);
    const executionArn = start(first, { x: 1 }, 'proposal-123');
    await first.waitForTaskToken('Wait for a person', { executionArn, timeoutMs: 2_000 });
    await first.close();

    const { engine: second, invocations } = createEngine({ journalFile });
    second.registerStateMachine(STATE_MACHINE_ARN, definition);
    expect(second.resumeFromJournal()).toBe(1);
    expect(second.describeExecution({ executionArn })).toMatchObject({ status: 'RUNNING', input: JSON.stringify({ x: 1 }) });
    const { taskToken } = await second.waitForTaskToken('Wait for a person', { executionArn, timeoutMs: 2_000 });
    expect(invocations.at(-1)?.payload.x).toBe(1);
    second.sendTaskSuccess({ taskToken, output: '{}' });
    await second.waitForExecution(executionArn, 2_000);

    const { engine: third } = createEngine({ journalFile });
    third.registerStateMachine(STATE_MACHINE_ARN, definition);
    expect(third.resumeFromJournal()).toBe(0);
  });
});
