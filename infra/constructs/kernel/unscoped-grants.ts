import { Stack } from 'aws-cdk-lib';
import { type IRole, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** The two sets of permissions that IAM grants only on "*". */
export type UnscopedGrantKind = 'FunctionTraces' | 'WorkflowDelivery';

const traces = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

const grants: Record<UnscopedGrantKind, { statements: () => PolicyStatement[]; reason: string }> = {
  FunctionTraces: {
    statements: () => [new PolicyStatement({ actions: traces, resources: ['*'] })],
    reason: 'X-Ray accepts trace segments and telemetry only on "*"; this policy holds nothing else and is attached to the functions with active tracing.',
  },
  WorkflowDelivery: {
    statements: () => [
      new PolicyStatement({ actions: [...traces, 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], resources: ['*'] }),
      new PolicyStatement({
        actions: [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        resources: ['*'],
      }),
    ],
    reason:
      'Step Functions delivers its logs to CloudWatch Logs and its traces to X-Ray through actions that take only "*"; this policy holds nothing else and is attached to the state machines.',
  },
};

/**
 * The permissions that exist only on "*" (X-Ray traces; Step Functions' log delivery), kept
 * in one policy of their own per stack and kind, attached to the roles that need them. The
 * rule packs' finding on "*" is acknowledged on these policies alone, so a wildcard granted
 * anywhere else (a function's or a state machine's own policy) is still reported.
 */
export class UnscopedGrants extends Policy {
  /** Why this policy is granted on "*", for its acknowledgement. */
  readonly reason: string;

  private constructor(
    scope: Stack,
    readonly kind: UnscopedGrantKind,
  ) {
    super(scope, kind, { statements: grants[kind].statements() });
    this.reason = grants[kind].reason;
  }

  /**
   * Attaches the stack's policy of `kind` to `role` (making it on first use), and makes
   * `dependent` wait for it: a resource must not be created before its role may do this.
   */
  static attach(kind: UnscopedGrantKind, role: IRole, dependent: IConstruct): UnscopedGrants {
    const stack = Stack.of(dependent);
    const policy = (stack.node.tryFindChild(kind) as UnscopedGrants | undefined) ?? new UnscopedGrants(stack, kind);
    policy.attachToRole(role);
    dependent.node.addDependency(policy);
    return policy;
  }

  /** Every such policy in `scope`. */
  static in(scope: IConstruct): UnscopedGrants[] {
    return scope.node.findAll().filter((c): c is UnscopedGrants => c instanceof UnscopedGrants);
  }
}
