/**
 * Runs Step Functions (Standard) state machines in this process, with the callback
 * pattern (`.waitForTaskToken`), heartbeats and the Step Functions HTTP API that the
 * functions call through `@aws-sdk/client-sfn`.
 *
 * The interpreter is aws-local-stepfunctions. It knows nothing of task tokens, so every
 * Task state is given a local handler that invokes the function itself, mints the
 * tokens and waits for SendTaskSuccess/SendTaskFailure. Task timeouts and heartbeats are
 * enforced here rather than by the library, so that the moment a task times out is the
 * same moment its token stops being accepted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { hostChecked } from './host-check.js';

type RunInput = Parameters<StateMachine['run']>[0];
type LocalTaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

// --- Node 20 support ---------------------------------------------------------------

// The library calls Promise.withResolvers inside every Task state, and Node 20 does not
// have it. Without it each Task throws a TypeError, which a Catch on States.ALL would
// quietly route down the failure branch, so it is installed before anything can run.
type PromiseWithResolversFn = <T>() => {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};
if (typeof (Promise as unknown as { withResolvers?: PromiseWithResolversFn }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

// --- Errors the interpreter understands ---------------------------------------------

type ErrorClass = new () => Error;

/**
 * The library lets `States.TaskFailed` match every Task error except instances of its own
 * (unexported) States.Timeout error class, which is what AWS does too. Our timeouts must be
 * instances of that class to keep that rule, so a one-task machine is timed out once at
 * load and the class is taken from the error it reports. This takes about a millisecond.
 */
async function findLibraryTimeoutErrorClass(): Promise<ErrorClass | undefined> {
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe',
          TimeoutSeconds: 0.001,
          End: true,
        },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  try {
    await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } } }).result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout' && cause.constructor !== Error) {
      return cause.constructor as ErrorClass;
    }
  }
  return undefined;
}

const libraryTimeoutErrorClass = await findLibraryTimeoutErrorClass();

/** Fallback if a future library version hides the class: matching by name still works. */
class PlainTimeoutError extends Error {
  constructor() {
    super('States.Timeout');
    this.name = 'States.Timeout';
  }
}

const TimeoutBase: ErrorClass = libraryTimeoutErrorClass ?? PlainTimeoutError;

/** A task timeout (`States.Timeout`) or heartbeat timeout (`States.HeartbeatTimeout`). */
class TaskTimeoutError extends TimeoutBase {
  constructor(name: 'States.Timeout' | 'States.HeartbeatTimeout', message: string) {
    super();
    this.name = name;
    this.message = message;
  }
}

/** A task failure that Retry and Catch may match by its name, as on AWS. */
class TaskFailedError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * An error no Retry or Catch may handle: used when an execution is stopped (a catcher must
 * not carry a stopped execution on) and for definitions this engine cannot run (a catcher
 * must not hide that behind a failure branch). The library reads these two getters.
 */
class UncatchableError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

/** An error answered by the Step Functions API; `name` is the AWS error code. */
export class StepFunctionsApiError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

// --- Public types ---------------------------------------------------------------------

export interface LocalStepFunctionsOptions {
  /**
   * Divides every TimeoutSeconds, HeartbeatSeconds and Wait Seconds in the definitions
   * (1 = real time). Retry IntervalSeconds and MaxDelaySeconds are divided too, so that a
   * retried task keeps the same proportions against its timeouts.
   */
  timeScale?: number;
  /** Invokes a Lambda function by ARN (or name) with a payload and returns its result; a thrown error's `name` is the Lambda error type. */
  invokeFunction: (functionArnOrName: string, payload: unknown) => Promise<unknown>;
  /**
   * Whether registerStateMachine checks definitions with the library's ASL validator
   * (default true). The check costs about a quarter of a second per new definition.
   */
  validateDefinitions?: boolean;
  /**
   * Told every task token as it is issued, for tests that check where task tokens end up (none
   * may be stored in plain text); optional. Never a log.
   */
  onTaskTokenIssued?: (taskToken: string) => void;
  /** Structured log sink; optional. Must never receive task tokens. */
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /**
   * A file that keeps the running executions (state machine, name, input) across restarts;
   * `resumeFromJournal` starts them again. Without it, executions live in memory only.
   */
  journalFile?: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** A task token some execution is waiting on, as returned by `waitForTaskToken`. */
export interface PendingTaskToken {
  executionArn: string;
  stateName: string;
  taskToken: string;
}

// --- Definition preparation -----------------------------------------------------------

type AslObject = Record<string, unknown>;

function isAslObject(value: unknown): value is AslObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type TaskKind = 'lambda-invoke' | 'lambda-callback' | 'lambda-function' | 'local-wait' | 'unsupported';

interface TaskSpec {
  stateName: string;
  resource: string;
  kind: TaskKind;
  /** Already divided by timeScale. */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** TimeoutSecondsPath/HeartbeatSecondsPath values travel in the task input under PATH_KEYS. */
  readsPaths: boolean;
}

interface PreparedStateMachine {
  arn: string;
  name: string;
  runnable: StateMachine;
  tasks: Map<string, TaskSpec>;
  /** Parallel/Map state name -> names of the Task states anywhere inside it. */
  tasksInside: Map<string, Set<string>>;
}

/**
 * The library's own Task timeout, used only as a backstop: the real one is enforced here.
 * It is the longest delay setTimeout accepts (about 24.8 days); a longer one would fire at
 * once. Without it the library would give up on every Task after 60 s, while AWS waits for
 * a callback up to the execution's one-year limit.
 */
const LIBRARY_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Node fires a setTimeout longer than this at once; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer for any delay, even one longer than setTimeout accepts (a 30-day callback task). */
class LongTimer {
  private handle: NodeJS.Timeout;

  constructor(callback: () => void, ms: number) {
    const due = Date.now() + ms;
    const arm = (): NodeJS.Timeout =>
      setTimeout(
        () => {
          const left = due - Date.now();
          if (left > 0) this.handle = arm();
          else callback();
        },
        Math.min(Math.max(due - Date.now(), 0), MAX_TIMER_MS),
      );
    this.handle = arm();
  }

  clear(): void {
    clearTimeout(this.handle);
  }
}

/** Where the values of TimeoutSecondsPath/HeartbeatSecondsPath (and the input they came with) ride. */
const PATH_KEYS = {
  timeout: 'localEngine:timeoutSeconds',
  heartbeat: 'localEngine:heartbeatSeconds',
  input: 'localEngine:input',
} as const;

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

/**
 * The resource a Wait state with Timestamp, TimestampPath or SecondsPath becomes locally: a
 * task that sleeps, so that the wait can be scaled like every other wait. It is never sent
 * anywhere; AWS would reject it, and it exists only in the engine's copy of a definition.
 */
const LOCAL_WAIT_RESOURCE = 'local:wait';

function classifyResource(resource: string): TaskKind {
  if (resource === LOCAL_WAIT_RESOURCE) return 'local-wait';
  if (/^arn:aws[\w-]*:states:::lambda:invoke$/.test(resource)) return 'lambda-invoke';
  if (/^arn:aws[\w-]*:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'lambda-callback';
  if (LAMBDA_FUNCTION_ARN.test(resource)) return 'lambda-function';
  return 'unsupported';
}

function scaled(seconds: unknown, timeScale: number): number | undefined {
  return typeof seconds === 'number' ? seconds / timeScale : undefined;
}

/** Heartbeat timeouts also count as States.Timeout on AWS; the library matches by exact name. */
function addHeartbeatTimeoutToTimeoutMatchers(state: AslObject): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const entries = state[field];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isAslObject(entry) || !Array.isArray(entry.ErrorEquals)) continue;
      const names = entry.ErrorEquals as unknown[];
      if (names.includes('States.Timeout') && !names.includes('States.HeartbeatTimeout')) {
        names.push('States.HeartbeatTimeout');
      }
    }
  }
}

function scaleRetriers(state: AslObject, timeScale: number): void {
  if (!Array.isArray(state.Retry)) return;
  for (const retrier of state.Retry) {
    if (!isAslObject(retrier)) continue;
    // The interval defaults to 1 s when absent, so it is written out to be scaled.
    retrier.IntervalSeconds = (typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) / timeScale;
    if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds = retrier.MaxDelaySeconds / timeScale;
  }
}

/**
 * Rewrites a deep copy of a definition for local running: scales the times, takes the
 * Task timeouts and heartbeats out of the library's hands (recording them in `tasks`), and
 * records which tasks live inside each Parallel/Map state.
 */
function prepareMachine(
  machine: AslObject,
  timeScale: number,
  enclosing: string[],
  tasks: Map<string, TaskSpec>,
  tasksInside: Map<string, Set<string>>,
  warnings: string[],
): void {
  // The library arms one setTimeout for the whole execution; beyond setTimeout's limit Node
  // fires at once, so a year-long execution timeout is capped at the longest delay it accepts.
  if (typeof machine.TimeoutSeconds === 'number') machine.TimeoutSeconds = Math.min(machine.TimeoutSeconds / timeScale, LIBRARY_TASK_TIMEOUT_SECONDS);
  if (!isAslObject(machine.States)) return;
  for (const [stateName, state] of Object.entries(machine.States)) {
    if (!isAslObject(state)) continue;
    switch (state.Type) {
      case 'Task': {
        const resource = typeof state.Resource === 'string' ? state.Resource : '';
        const spec: TaskSpec = {
          stateName,
          resource,
          kind: classifyResource(resource),
          timeoutSeconds: scaled(state.TimeoutSeconds, timeScale),
          heartbeatSeconds: scaled(state.HeartbeatSeconds, timeScale),
          readsPaths: false,
        };
        // AWS resolves these paths against the state input, but a local handler only sees
        // the input after Parameters. Adding the paths to Parameters lets the library
        // resolve them (with full JSONPath) and hand the values over with the input.
        const pathFields: AslObject = {};
        if (typeof state.TimeoutSecondsPath === 'string') pathFields[`${PATH_KEYS.timeout}.$`] = state.TimeoutSecondsPath;
        if (typeof state.HeartbeatSecondsPath === 'string') pathFields[`${PATH_KEYS.heartbeat}.$`] = state.HeartbeatSecondsPath;
        if (Object.keys(pathFields).length > 0) {
          if (isAslObject(state.Parameters)) {
            Object.assign(state.Parameters, pathFields);
            spec.readsPaths = true;
          } else if (state.Parameters === undefined) {
            state.Parameters = { [`${PATH_KEYS.input}.$`]: '$', ...pathFields };
            spec.readsPaths = true;
          } else {
            warnings.push(`Task state '${stateName}' ignores TimeoutSecondsPath/HeartbeatSecondsPath`);
          }
        }
        if (tasks.has(stateName)) warnings.push(`state name '${stateName}' is used by more than one Task state`);
        if (spec.kind === 'unsupported') warnings.push(`Task state '${stateName}' uses unsupported resource '${resource}'`);
        tasks.set(stateName, spec);
        for (const parent of enclosing) tasksInside.get(parent)?.add(stateName);
        delete state.TimeoutSecondsPath;
        delete state.HeartbeatSeconds;
        delete state.HeartbeatSecondsPath;
        state.TimeoutSeconds = LIBRARY_TASK_TIMEOUT_SECONDS;
        addHeartbeatTimeoutToTimeoutMatchers(state);
        scaleRetriers(state, timeScale);
        break;
      }
      case 'Wait':
        if (typeof state.Seconds === 'number') state.Seconds = state.Seconds / timeScale;
        else {
          // Wait until a date (or for a number read from the input): becomes a sleeping task
          // whose result is discarded, so its output is its input, as a Wait state's is.
          const parameters =
            state.Timestamp !== undefined
              ? { until: state.Timestamp }
              : state.TimestampPath !== undefined
                ? { 'until.$': state.TimestampPath }
                : { 'seconds.$': state.SecondsPath };
          delete state.Timestamp;
          delete state.TimestampPath;
          delete state.SecondsPath;
          Object.assign(state, {
            Type: 'Task',
            Resource: LOCAL_WAIT_RESOURCE,
            Parameters: parameters,
            ResultPath: null,
            TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
          });
          tasks.set(stateName, { stateName, resource: LOCAL_WAIT_RESOURCE, kind: 'local-wait', readsPaths: false });
          for (const outer of enclosing) tasksInside.get(outer)?.add(stateName);
        }
        break;
      case 'Parallel':
        scaleRetriers(state, timeScale);
        tasksInside.set(stateName, new Set());
        if (Array.isArray(state.Branches)) {
          for (const branch of state.Branches) {
            if (isAslObject(branch)) prepareMachine(branch, timeScale, [...enclosing, stateName], tasks, tasksInside, warnings);
          }
        }
        break;
      case 'Map': {
        scaleRetriers(state, timeScale);
        tasksInside.set(stateName, new Set());
        const iterator = state.ItemProcessor ?? state.Iterator;
        if (isAslObject(iterator)) prepareMachine(iterator, timeScale, [...enclosing, stateName], tasks, tasksInside, warnings);
        break;
      }
      default:
        break;
    }
  }
}

/** Definition text -> the validator's complaint, or undefined when valid. */
const validationResults = new Map<string, string | undefined>();

/**
 * Validates a definition as written; the scaled copy may hold fractions of a second, which
 * the validator's integer rules would reject. The validator rebuilds its JSON schemas on
 * every call (a quarter of a second or more) and adds fields to the object it is given, so
 * it sees a copy, and its answer is remembered for identical definitions.
 */
function validationProblem(definition: object): string | undefined {
  const text = JSON.stringify(definition);
  if (validationResults.has(text)) return validationResults.get(text);
  let problem: string | undefined;
  try {
    new StateMachine(JSON.parse(text) as StateMachineDefinition);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  validationResults.set(text, problem);
  return problem;
}

// --- Small helpers --------------------------------------------------------------------

const STATE_MACHINE_ARN = /^arn:(aws[\w-]*):states:([^:]+):([^:]+):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:(aws[\w-]*):states:([^:]+):([^:]+):execution:([^:]+):([^:]+)$/;
// AWS forbids whitespace, wildcards, brackets, control characters and these punctuation marks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Step Functions refuses control characters in execution names, as this does.
const INVALID_EXECUTION_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** Tokens are 86 base64url characters; any such run is masked before it reaches the log. */
const TOKEN_LIKE = /[A-Za-z0-9_-]{80,}/g;

function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_LIKE, '[redacted]');
  if (Array.isArray(value)) return value.map(redact);
  if (isAslObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  return value;
}

/** A JSON copy: what a Lambda invocation would serialise, and safe from later mutation. */
function toJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function replaceEverywhere(value: unknown, search: string, replacement: string): unknown {
  if (typeof value === 'string') return value.includes(search) ? value.split(search).join(replacement) : value;
  if (Array.isArray(value)) return value.map((item) => replaceEverywhere(item, search, replacement));
  if (isAslObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceEverywhere(v, search, replacement)]));
  }
  return value;
}

function containsString(value: unknown, search: string): boolean {
  if (typeof value === 'string') return value.includes(search);
  if (Array.isArray(value)) return value.some((item) => containsString(item, search));
  if (isAslObject(value)) return Object.values(value).some((v) => containsString(v, search));
  return false;
}

function lambdaFailure(error: unknown): TaskFailedError {
  const errorType = error instanceof Error && error.name ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new TaskFailedError(errorType, JSON.stringify({ errorType, errorMessage }));
}

function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

// --- Executions and task attempts -----------------------------------------------------

interface ExecutionRecord {
  description: ExecutionDescription;
  statesEntered: string[];
  /** Task attempts still waiting for a result. */
  attempts: Set<TaskAttempt>;
  /** Stops the library's interpreter; set once the run has started. */
  abortRun?: () => void;
  /** Settles when the execution has left RUNNING and its event log is fully read. */
  done: Promise<void>;
  placeholder: string;
  attemptsByState: Map<string, number>;
}

/**
 * One try of one Task state. Its promise is what the library awaits; whichever of result,
 * failure, timeout, heartbeat timeout or cancellation comes first decides it, and the
 * task token (if any) is closed at that same moment.
 */
class TaskAttempt {
  readonly promise: Promise<unknown>;
  settled = false;
  private resolvePromise!: (value: unknown) => void;
  private rejectPromise!: (error: unknown) => void;
  private timeoutTimer?: LongTimer;
  private heartbeatTimer?: LongTimer;
  private heartbeatMs?: number;

  constructor(
    readonly execution: ExecutionRecord,
    readonly stateName: string,
    readonly startedAt: number,
    private readonly onSettled: (attempt: TaskAttempt, outcome: string) => void,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
  }

  succeed(value: unknown): boolean {
    return this.settle('succeeded', () => this.resolvePromise(value));
  }

  fail(error: Error, outcome = 'failed'): boolean {
    return this.settle(outcome, () => this.rejectPromise(error));
  }

  startTimeout(ms: number, seconds: number): void {
    this.timeoutTimer = new LongTimer(() => {
      this.fail(new TaskTimeoutError('States.Timeout', `Task did not finish within ${seconds} s`), 'timed out');
    }, ms);
  }

  /** Ends the attempt successfully (with no result) after `ms`: a scaled Wait. */
  sleep(ms: number): void {
    this.timeoutTimer = new LongTimer(() => this.succeed(null), ms);
  }

  startHeartbeat(ms: number): void {
    this.heartbeatMs = ms;
    this.resetHeartbeat();
  }

  resetHeartbeat(): void {
    if (this.heartbeatMs === undefined || this.settled) return;
    this.heartbeatTimer?.clear();
    const ms = this.heartbeatMs;
    this.heartbeatTimer = new LongTimer(() => {
      this.fail(new TaskTimeoutError('States.HeartbeatTimeout', `No heartbeat received within ${ms / 1000} s`), 'heartbeat timed out');
    }, ms);
  }

  private settle(outcome: string, apply: () => void): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.timeoutTimer?.clear();
    this.heartbeatTimer?.clear();
    apply();
    this.onSettled(this, outcome);
    return true;
  }
}

interface TokenWaiter {
  stateName: string;
  executionArn?: string;
  resolve: (pending: PendingTaskToken) => void;
}

// --- The engine -----------------------------------------------------------------------

export class LocalStepFunctions {
  private readonly timeScale: number;
  private readonly validateDefinitions: boolean;
  private readonly invokeFunction: LocalStepFunctionsOptions['invokeFunction'];
  private readonly logSink: LocalStepFunctionsOptions['log'];
  private readonly onTaskTokenIssued: LocalStepFunctionsOptions['onTaskTokenIssued'];
  private readonly machines = new Map<string, PreparedStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  /** Every token ever issued, so that a closed one answers TaskTimedOut rather than InvalidToken. */
  private readonly tokens = new Map<string, TaskAttempt>();
  private readonly tokenWaiters = new Set<TokenWaiter>();
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private server?: Server;
  private closed = false;
  private readonly journalFile: string | undefined;
  /** Running executions by ARN, as the journal keeps them. */
  private readonly journal = new Map<string, { stateMachineArn: string; name: string; input: string }>();

  constructor(options: LocalStepFunctionsOptions) {
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error('timeScale must be a positive number');
    this.timeScale = timeScale;
    this.validateDefinitions = options.validateDefinitions ?? true;
    this.invokeFunction = options.invokeFunction;
    this.logSink = options.log;
    this.onTaskTokenIssued = options.onTaskTokenIssued;
    this.journalFile = options.journalFile;
    if (!libraryTimeoutErrorClass) {
      this.log('warn', 'aws-local-stepfunctions no longer exposes its timeout error; States.TaskFailed will also match timeouts');
    }
  }

  // ----- State machines

  registerStateMachine(stateMachineArn: string, definition: object): void {
    const arnMatch = STATE_MACHINE_ARN.exec(stateMachineArn);
    if (!arnMatch) throw new StepFunctionsApiError('InvalidArn', `Invalid state machine ARN: ${stateMachineArn}`);
    if (this.validateDefinitions) {
      const problem = validationProblem(definition);
      if (problem !== undefined) throw new StepFunctionsApiError('InvalidDefinition', problem);
    }
    const copy = structuredClone(definition) as AslObject;
    const tasks = new Map<string, TaskSpec>();
    const tasksInside = new Map<string, Set<string>>();
    const warnings: string[] = [];
    prepareMachine(copy, this.timeScale, [], tasks, tasksInside, warnings);
    const runnable = new StateMachine(copy as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    this.machines.set(stateMachineArn, { arn: stateMachineArn, name: arnMatch[4] ?? '', runnable, tasks, tasksInside });
    for (const warning of warnings) this.log('warn', `state machine definition: ${warning}`, { stateMachineArn });
  }

  // ----- Executions

  startExecution(req: { stateMachineArn: string; name?: string; input?: string }): {
    executionArn: string;
    startDate: Date;
  } {
    if (this.closed) throw new StepFunctionsApiError('ServiceUnavailable', 'The local Step Functions engine is closed', 503);
    const machine = this.machines.get(req.stateMachineArn);
    if (!machine) {
      if (typeof req.stateMachineArn !== 'string' || !STATE_MACHINE_ARN.test(req.stateMachineArn)) {
        throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${String(req.stateMachineArn)}'`);
      }
      throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${req.stateMachineArn}'`);
    }
    const name = req.name ?? randomUUID();
    if (typeof name !== 'string' || name.length < 1 || name.length > 80 || INVALID_EXECUTION_NAME.test(name)) {
      throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${String(name)}'`);
    }
    const input = req.input ?? '{}';
    let inputValue: unknown;
    try {
      inputValue = JSON.parse(input);
    } catch {
      throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    const executionArn = machine.arn.replace(/:stateMachine:([^:]+)$/, `:execution:$1:${name}`);

    const existing = this.executions.get(executionArn);
    if (existing) {
      // StartExecution is idempotent for the same name and input while the first run lasts.
      if (existing.description.status === 'RUNNING' && existing.description.input === input) {
        return { executionArn, startDate: existing.description.startDate };
      }
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const startDate = new Date();
    const record: ExecutionRecord = {
      description: { executionArn, stateMachineArn: machine.arn, name, status: 'RUNNING', startDate, input },
      statesEntered: [],
      attempts: new Set(),
      done: Promise.resolve(),
      placeholder: `local-task-token-placeholder:${randomUUID()}`,
      attemptsByState: new Map(),
    };
    this.executions.set(executionArn, record);
    this.journal.set(executionArn, { stateMachineArn: machine.arn, name, input });
    this.saveJournal();
    this.log('info', 'execution started', { executionArn, stateMachineArn: machine.arn });

    const handlers: Record<string, (taskInput: unknown) => Promise<unknown>> = {};
    for (const spec of machine.tasks.values()) {
      handlers[spec.stateName] = (taskInput) => this.runTask(record, spec, taskInput);
    }
    const run = machine.runnable.run(inputValue as RunInput, {
      overrides: { taskResourceLocalHandlers: handlers as unknown as LocalTaskHandlers },
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: startDate.toISOString() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        // The library has no task tokens: `$$.Task.Token` resolves to this placeholder,
        // which the task handler replaces with a fresh token for each attempt.
        Task: { Token: record.placeholder },
      },
    });
    record.abortRun = run.abort;
    const eventsRead = this.readEvents(record, machine, run.eventLogs);
    const finished = run.result.then(
      (output) => this.finishExecution(record, { output }),
      (error: unknown) => this.finishExecution(record, { error }),
    );
    record.done = Promise.all([finished, eventsRead]).then(() => undefined);
    return { executionArn, startDate };
  }

  describeExecution(req: { executionArn: string }): ExecutionDescription {
    return { ...this.getExecution(req.executionArn).description };
  }

  stopExecution(req: { executionArn: string; error?: string; cause?: string }): { stopDate: Date } {
    const record = this.getExecution(req.executionArn);
    const description = record.description;
    if (description.status !== 'RUNNING') return { stopDate: description.stopDate ?? new Date() };
    const stopDate = new Date();
    description.status = 'ABORTED';
    description.stopDate = stopDate;
    if (req.error !== undefined) description.error = req.error;
    if (req.cause !== undefined) description.cause = req.cause;
    // The interpreter first, so that it stops moving between states, then the tasks, so
    // that their tokens close and their timers stop.
    record.abortRun?.();
    this.cancelAttempts(record, () => true, 'execution stopped');
    if (!this.closed && this.journal.delete(description.executionArn)) this.saveJournal();
    this.log('info', 'execution stopped', { executionArn: description.executionArn });
    return { stopDate };
  }

  statesEntered(executionArn: string): string[] {
    return [...this.getExecution(executionArn).statesEntered];
  }

  async waitForExecution(executionArn: string, timeoutMs = 10_000): Promise<ExecutionDescription> {
    const record = this.getExecution(executionArn);
    await this.withTimeout(record.done, timeoutMs, `Execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
    return this.describeExecution({ executionArn });
  }

  /**
   * Resolves when some execution is waiting on a task token in the given state (helps
   * tests play the part of whoever answers the callback). A token already waiting is
   * returned at once; otherwise the next one issued.
   */
  async waitForTaskToken(stateName: string, options: { executionArn?: string; timeoutMs?: number } = {}): Promise<PendingTaskToken> {
    for (const [taskToken, attempt] of this.tokens) {
      const executionArn = attempt.execution.description.executionArn;
      if (!attempt.settled && attempt.stateName === stateName && (!options.executionArn || options.executionArn === executionArn)) {
        return { executionArn, stateName, taskToken };
      }
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    let waiter!: TokenWaiter;
    const issued = new Promise<PendingTaskToken>((resolve) => {
      waiter = { stateName, resolve };
      if (options.executionArn !== undefined) waiter.executionArn = options.executionArn;
      this.tokenWaiters.add(waiter);
    });
    try {
      return await this.withTimeout(issued, timeoutMs, `No task token issued in state '${stateName}' within ${timeoutMs} ms`);
    } finally {
      this.tokenWaiters.delete(waiter);
    }
  }

  // ----- Task tokens

  sendTaskSuccess(req: { taskToken: string; output: string }): void {
    const attempt = this.openAttempt(req.taskToken);
    let output: unknown;
    try {
      if (typeof req.output !== 'string') throw new Error('missing');
      output = JSON.parse(req.output);
    } catch {
      throw new StepFunctionsApiError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    attempt.succeed(output);
  }

  sendTaskFailure(req: { taskToken: string; error?: string; cause?: string }): void {
    const attempt = this.openAttempt(req.taskToken);
    attempt.fail(new TaskFailedError(req.error ?? '', req.cause ?? ''));
  }

  sendTaskHeartbeat(req: { taskToken: string }): void {
    this.openAttempt(req.taskToken).resetHeartbeat();
  }

  // ----- HTTP API

  async listen(port: number, host = '127.0.0.1'): Promise<{ url: string }> {
    if (this.server) throw new Error('The Step Functions API is already listening');
    // Refuses (421) a request whose Host is not 127.0.0.1 or localhost on this port.
    const server = createServer(
      hostChecked((req, res) => {
        void this.handleHttp(req, res);
      }),
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const hostPart = address.address.includes(':') ? `[${address.address}]` : address.address;
    return { url: `http://${hostPart}:${address.port}` };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const record of this.executions.values()) {
      if (record.description.status === 'RUNNING') {
        this.stopExecution({
          executionArn: record.description.executionArn,
          error: 'States.Aborted',
          cause: 'The local Step Functions engine was closed',
        });
      }
    }
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    this.tokenWaiters.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps connections alive; without this close() would wait for them.
        server.closeAllConnections();
      });
    }
  }

  // ----- Internals: tasks

  private async runTask(record: ExecutionRecord, spec: TaskSpec, input: unknown): Promise<unknown> {
    const executionArn = record.description.executionArn;
    const attemptNumber = (record.attemptsByState.get(spec.stateName) ?? 0) + 1;
    record.attemptsByState.set(spec.stateName, attemptNumber);
    const fields = { executionArn, state: spec.stateName, attempt: attemptNumber };

    if (spec.kind === 'unsupported') {
      this.log('error', 'task resource is not supported by the local engine', { ...fields, resource: spec.resource });
      throw new UncatchableError('States.Runtime', `Resource '${spec.resource}' is not supported by the local Step Functions engine`);
    }
    if (record.description.status !== 'RUNNING') {
      throw new UncatchableError('States.Aborted', 'The execution is no longer running');
    }

    // Read before the attempt exists, so that a bad value leaves nothing waiting behind it.
    let timeoutSeconds = spec.timeoutSeconds;
    let heartbeatSeconds = spec.heartbeatSeconds;
    if (spec.readsPaths && isAslObject(input)) {
      const { [PATH_KEYS.timeout]: timeoutValue, [PATH_KEYS.heartbeat]: heartbeatValue, ...rest } = input;
      if (timeoutValue !== undefined) timeoutSeconds = this.scaledPathValue(timeoutValue, 'TimeoutSecondsPath');
      if (heartbeatValue !== undefined) heartbeatSeconds = this.scaledPathValue(heartbeatValue, 'HeartbeatSecondsPath');
      input = PATH_KEYS.input in rest ? rest[PATH_KEYS.input] : rest;
    }
    if (spec.kind !== 'lambda-callback') heartbeatSeconds = undefined; // only a token holder can send heartbeats

    const attempt = new TaskAttempt(record, spec.stateName, Date.now(), (settled, outcome) => {
      record.attempts.delete(settled);
      this.log(outcome === 'succeeded' ? 'info' : 'warn', `task ${outcome}`, fields);
    });
    record.attempts.add(attempt);
    if (timeoutSeconds !== undefined) attempt.startTimeout(timeoutSeconds * 1000, timeoutSeconds);

    if (spec.kind === 'local-wait') {
      const { until, seconds } = (isAslObject(input) ? input : {}) as { until?: unknown; seconds?: unknown };
      const realMs = typeof until === 'string' ? Date.parse(until) - Date.now() : typeof seconds === 'number' ? seconds * 1000 : Number.NaN;
      if (Number.isNaN(realMs)) {
        attempt.fail(new UncatchableError('States.Runtime', `Wait state '${spec.stateName}' has no valid timestamp or seconds`));
        return attempt.promise;
      }
      attempt.sleep(Math.max(0, realMs) / this.timeScale);
      return attempt.promise;
    }

    let functionName: string;
    let payload: unknown;
    if (spec.kind === 'lambda-function') {
      functionName = spec.resource;
      payload = toJson(input);
    } else {
      const parameters = isAslObject(input) ? input : {};
      if (typeof parameters.FunctionName !== 'string') {
        attempt.fail(new UncatchableError('States.Runtime', `Task state '${spec.stateName}' has no FunctionName parameter`));
        return attempt.promise;
      }
      functionName = parameters.FunctionName;
      payload = toJson(parameters.Payload ?? {});
    }

    if (spec.kind === 'lambda-callback') {
      const taskToken = randomBytes(64).toString('base64url');
      // Registered before the function runs: it may answer its own token before it returns.
      this.tokens.set(taskToken, attempt);
      this.onTaskTokenIssued?.(taskToken);
      if (!containsString(payload, record.placeholder)) {
        this.log('warn', 'callback task does not pass $$.Task.Token to its function', fields);
      }
      payload = replaceEverywhere(payload, record.placeholder, taskToken);
      if (heartbeatSeconds !== undefined) attempt.startHeartbeat(heartbeatSeconds * 1000);
      this.log('info', 'task token issued', fields);
      this.notifyTokenWaiters(attempt, taskToken);
    }

    this.invokeFunction(functionName, payload).then(
      (result) => {
        if (spec.kind === 'lambda-callback') return; // the callback decides, not the return value
        let json: unknown;
        try {
          json = toJson(result);
        } catch (error) {
          attempt.fail(lambdaFailure(error));
          return;
        }
        attempt.succeed(
          spec.kind === 'lambda-invoke'
            ? {
                ExecutedVersion: '$LATEST',
                Payload: json,
                SdkHttpMetadata: { HttpHeaders: {}, HttpStatusCode: 200 },
                SdkResponseMetadata: { RequestId: randomUUID() },
                StatusCode: 200,
              }
            : json,
        );
      },
      (error: unknown) => {
        if (attempt.fail(lambdaFailure(error))) {
          this.log('warn', 'function invocation failed', {
            ...fields,
            errorType: error instanceof Error ? error.name : 'Error',
          });
        }
      },
    );
    return attempt.promise;
  }

  private scaledPathValue(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new UncatchableError('States.Runtime', `${field} must point to a positive integer`);
    }
    return value / this.timeScale;
  }

  private openAttempt(taskToken: unknown): TaskAttempt {
    const attempt = typeof taskToken === 'string' ? this.tokens.get(taskToken) : undefined;
    if (!attempt) throw new StepFunctionsApiError('InvalidToken', 'Invalid Token: the task token was not issued');
    if (attempt.settled) throw new StepFunctionsApiError('TaskTimedOut', 'Task Timed Out: the task is no longer running');
    return attempt;
  }

  private notifyTokenWaiters(attempt: TaskAttempt, taskToken: string): void {
    const executionArn = attempt.execution.description.executionArn;
    for (const waiter of this.tokenWaiters) {
      if (waiter.stateName === attempt.stateName && (!waiter.executionArn || waiter.executionArn === executionArn)) {
        this.tokenWaiters.delete(waiter);
        waiter.resolve({ executionArn, stateName: attempt.stateName, taskToken });
      }
    }
  }

  private cancelAttempts(record: ExecutionRecord, which: (attempt: TaskAttempt) => boolean, reason: string): void {
    for (const attempt of [...record.attempts]) {
      if (which(attempt)) attempt.fail(new UncatchableError('States.Aborted', reason), 'cancelled');
    }
  }

  // ----- Internals: execution lifecycle

  private async readEvents(
    record: ExecutionRecord,
    machine: PreparedStateMachine,
    events: AsyncGenerator<{ type: string; timestamp: number; state?: { name: string; type: string } }>,
  ): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered' && event.state) {
        record.statesEntered.push(event.state.name);
      } else if (event.type === 'StateFailed' && event.state && machine.tasksInside.has(event.state.name)) {
        // A failed Parallel/Map makes the library abandon its other branches or items, but
        // their tasks would keep waiting (and their tokens stay open). Cancel those that
        // started before the failure, and not those of a retry that may already be running.
        const inside = machine.tasksInside.get(event.state.name) ?? new Set<string>();
        this.cancelAttempts(record, (attempt) => inside.has(attempt.stateName) && attempt.startedAt <= event.timestamp, `state '${event.state.name}' failed`);
      }
    }
  }

  private finishExecution(record: ExecutionRecord, outcome: { output?: unknown; error?: unknown }): void {
    const description = record.description;
    if (description.status === 'RUNNING') {
      description.stopDate = new Date();
      if (!('error' in outcome)) {
        description.status = 'SUCCEEDED';
        description.output = JSON.stringify(outcome.output ?? null);
      } else if (outcome.error instanceof ExecutionTimeoutError) {
        description.status = 'TIMED_OUT';
        description.error = 'States.Timeout';
      } else if (outcome.error instanceof ExecutionAbortedError) {
        description.status = 'ABORTED';
      } else {
        const error = outcome.error instanceof ExecutionError ? outcome.error.cause : outcome.error;
        description.status = 'FAILED';
        const name = error instanceof Error ? error.name : 'Error';
        const cause = error instanceof Error ? error.message : String(error);
        if (name) description.error = name;
        if (cause) description.cause = cause;
      }
      this.log(description.status === 'SUCCEEDED' ? 'info' : 'warn', 'execution finished', {
        executionArn: description.executionArn,
        status: description.status,
        ...(description.error === undefined ? {} : { error: description.error }),
      });
    }
    // A timed-out or stopped execution may leave tasks waiting: close them and their tokens.
    this.cancelAttempts(record, () => true, `execution ${description.status}`);
    // Closing the engine stops executions but keeps them in the journal, to resume next time.
    if (!this.closed && this.journal.delete(description.executionArn)) this.saveJournal();
  }

  /**
   * Starts again, from the beginning and under the same names, the executions that were running
   * when the engine last closed. AWS keeps executions across restarts and this engine cannot
   * restore one mid-way; a workflow whose steps are idempotent replays to where it was.
   * Returns how many were resumed.
   */
  resumeFromJournal(): number {
    if (!this.journalFile || !existsSync(this.journalFile)) return 0;
    let entries: { stateMachineArn: string; name: string; input: string }[];
    try {
      entries = JSON.parse(readFileSync(this.journalFile, 'utf8')) as typeof entries;
    } catch {
      this.log('warn', 'the execution journal is unreadable; nothing resumed');
      return 0;
    }
    let resumed = 0;
    for (const entry of entries) {
      try {
        this.startExecution(entry);
        resumed++;
      } catch (error) {
        this.log('warn', 'could not resume an execution', { name: entry.name, error: (error as Error).name });
      }
    }
    return resumed;
  }

  private saveJournal(): void {
    if (!this.journalFile) return;
    const temporary = `${this.journalFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.journal.values()]), { mode: 0o600 });
    renameSync(temporary, this.journalFile);
  }

  private getExecution(executionArn: string): ExecutionRecord {
    const record = typeof executionArn === 'string' ? this.executions.get(executionArn) : undefined;
    if (record) return record;
    if (typeof executionArn !== 'string' || !EXECUTION_ARN.test(executionArn)) {
      throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${String(executionArn)}'`);
    }
    throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), timeoutMs);
      this.pendingTimers.add(timer);
    });
    return Promise.race([promise, expired]).finally(() => {
      clearTimeout(timer);
      if (timer) this.pendingTimers.delete(timer);
    });
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    if (!this.logSink) return;
    try {
      const safeFields = fields === undefined ? undefined : (redact(fields) as Record<string, unknown>);
      this.logSink(level, redact(message) as string, safeFields);
    } catch {
      // A failing log sink must not break an execution.
    }
  }

  // ----- Internals: HTTP

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const send = (status: number, body: unknown, errorType?: string): void => {
      const text = JSON.stringify(body);
      const headers: Record<string, string | number> = {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      };
      if (errorType) headers['x-amzn-errortype'] = errorType;
      res.writeHead(status, headers);
      res.end(text);
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = req.headers['x-amz-target'];
      const action = typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      if (req.method !== 'POST' || !action) {
        throw new StepFunctionsApiError('UnknownOperationException', 'Expected a POST with X-Amz-Target: AWSStepFunctions.<Action>');
      }
      let body: AslObject;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
        if (!isAslObject(parsed)) throw new Error('not an object');
        body = parsed;
      } catch {
        throw new StepFunctionsApiError('SerializationException', 'The request body is not a JSON object');
      }
      send(200, this.dispatch(action, body));
    } catch (error) {
      if (error instanceof StepFunctionsApiError) {
        send(error.statusCode, { __type: error.code, message: error.message }, error.code);
      } else {
        this.log('error', 'Step Functions API request failed', {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        send(500, { __type: 'InternalFailure', message: 'Internal error in the local Step Functions engine' }, 'InternalFailure');
      }
    }
  }

  private dispatch(action: string, body: AslObject): unknown {
    const text = (key: string): string | undefined => {
      const value = body[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string') throw new StepFunctionsApiError('ValidationException', `${key} must be a string`);
      return value;
    };
    const required = (key: string): string => {
      const value = text(key);
      if (value === undefined) throw new StepFunctionsApiError('ValidationException', `${key} is required`);
      return value;
    };
    const optional = <K extends string>(key: K): { [P in K]?: string } => {
      const value = text(key);
      return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
    };

    switch (action) {
      case 'StartExecution': {
        const started = this.startExecution({
          stateMachineArn: required('stateMachineArn'),
          ...optional('name'),
          ...optional('input'),
        });
        return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
      }
      case 'DescribeExecution': {
        const d = this.describeExecution({ executionArn: required('executionArn') });
        return { ...d, startDate: epochSeconds(d.startDate), stopDate: epochSeconds(d.stopDate) };
      }
      case 'StopExecution': {
        const stopped = this.stopExecution({
          executionArn: required('executionArn'),
          ...optional('error'),
          ...optional('cause'),
        });
        return { stopDate: epochSeconds(stopped.stopDate) };
      }
      case 'SendTaskSuccess':
        this.sendTaskSuccess({ taskToken: required('taskToken'), output: required('output') });
        return {};
      case 'SendTaskFailure':
        this.sendTaskFailure({ taskToken: required('taskToken'), ...optional('error'), ...optional('cause') });
        return {};
      case 'SendTaskHeartbeat':
        this.sendTaskHeartbeat({ taskToken: required('taskToken') });
        return {};
      default:
        throw new StepFunctionsApiError('UnknownOperationException', `Operation ${action} is not supported locally`);
    }
  }
}
