import { Validations } from 'aws-cdk-lib';
import { UnscopedGrants } from './constructs/kernel/unscoped-grants.js';
import type { StatefulStack } from './stateful-stack.js';
import type { StatelessStack } from './stateless-stack.js';

/**
 * Findings of the AwsSolutions and Serverless rule packs that are accepted on purpose, each
 * with its reason. Anything not listed here fails synthesis.
 */
export function acknowledgeFindings(stateful: StatefulStack, stateless: StatelessStack): void {
  Validations.of(stateful.linkSecret).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason: 'Link tokens are derived from this key; rotating it would silently break every decision, tracking and edit link in flight.',
  });
  Validations.of(stateful.cursorSecret).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason:
      'Cursors live for the length of one listing; a rotation schedule would add a rotation function for a key whose loss only restarts a list at its first page.',
  });

  if (!stateful.coordinatorThreatProtection)
    Validations.of(stateful.coordinatorPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus feature plan, billed for every monthly active user with no free tier. The pool holds a few staff accounts made by an administrator (no sign-up), with a 12-character password policy and TOTP MFA required; set the context key coordinatorThreatProtection=true to move it to Plus with threat protection enforced.',
    });

  // Acknowledged route by route, so a coordinators' route left without its authorizer is still reported.
  for (const route of stateless.publicRoutes)
    Validations.of(route).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        "Public by design: a form for partners, a link whose path carries an unguessable single-purpose token that the function checks (only its hash is stored), or the health check, which reads nothing. The coordinators' routes have a JWT authorizer instead.",
    });

  const stack = Validations.of(stateless);
  stack.acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The basic execution role only lets a function write its own CloudWatch logs.',
  });
  // "*" only on the policies that hold nothing but the permissions IAM offers on "*" alone (X-Ray
  // traces, Step Functions' log delivery): a wildcard granted anywhere else is reported.
  for (const policy of UnscopedGrants.in(stateless))
    Validations.of(policy).acknowledge({ id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: policy.reason });
  for (const workflow of [stateless.proposalReview, stateless.placementOffer, stateless.application, stateless.researchProject, stateless.researchMilestone])
    Validations.of(workflow.stateMachine).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${workflow.taskFunctionLogicalId}.Arn>:*]`,
      reason: 'Lets the state machine invoke any version of its own task function (the grant CDK makes for a Lambda task).',
    });
  stack.acknowledge({
    id: 'Serverless::Serverless-LambdaDLQ',
    reason:
      'No function is invoked asynchronously: the HTTP API and Step Functions invoke synchronously and handle failures (error pages, Retry and Catch), so a dead-letter queue would never receive anything.',
  });
}
