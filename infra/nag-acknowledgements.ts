import { Validations } from 'aws-cdk-lib';
import type { StatefulStack } from './stateful-stack.js';
import type { StatelessStack } from './stateless-stack.js';

/** Findings of the rule packs that are accepted, each with its reason. */
export function acknowledgeFindings(stateful: StatefulStack, stateless: StatelessStack): void {
  void stateful;
  void stateless;
  void Validations;
}
