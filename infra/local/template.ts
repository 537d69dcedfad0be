import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../app.js';

/** A CloudFormation template, as synthesized. */
export interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface SynthesizedStack {
  name: string;
  template: Template;
}

export interface Synthesized {
  outdir: string;
  stacks: SynthesizedStack[];
}

/**
 * Synthesizes the real CDK app (bundling every function with esbuild) into `outdir`. The
 * local cloud reads routes, tables, functions and workflows from these templates only.
 */
export function synthesize(outdir: string, context: Record<string, unknown> = {}): Synthesized {
  const { app } = buildApp(new App({ outdir, context }));
  const assembly: CloudAssembly = app.synth();
  return {
    outdir,
    stacks: assembly.stacks.map((stack) => ({
      name: stack.stackName,
      template: JSON.parse(readFileSync(join(outdir, stack.templateFile), 'utf8')) as Template,
    })),
  };
}

/** How the local cloud names what CloudFormation would create. */
export interface LocalNames {
  region: string;
  account: string;
  /** Ref of a resource, by logical id (within its stack). */
  ref(stack: SynthesizedStack, logicalId: string): string;
  /** Fn::GetAtt of a resource. */
  getAtt(stack: SynthesizedStack, logicalId: string, attribute: string): string;
  /** Values exported by other stacks, by export name. */
  imports: Map<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Resolves the intrinsic functions CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split, Fn::ImportValue) to plain values.
 */
export function resolve(value: unknown, stack: SynthesizedStack, names: LocalNames): unknown {
  const r = (v: unknown): unknown => resolve(v, stack, names);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(r);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    switch (fn) {
      case 'Ref':
        return pseudo(arg as string, names) ?? names.ref(stack, arg as string);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : (arg as string).split('.');
        return names.getAtt(stack, id!, attribute!);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (parts.map(r) as string[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (r(list) as unknown[])[Number(r(index))];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return String(r(text)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in vars) return String(r(vars[name]));
          const [id, attribute] = name.split('.');
          return String(attribute ? names.getAtt(stack, id!, attribute) : (pseudo(id!, names) ?? names.ref(stack, id!)));
        });
      }
      case 'Fn::ImportValue': {
        const exportName = String(r(arg));
        const found = names.imports.get(exportName);
        if (found === undefined) throw new Error(`No stack exports ${exportName}`);
        return found;
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, r(v)])) as Json;
}

function pseudo(name: string, names: LocalNames): string | undefined {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::Region':
      return names.region;
    case 'AWS::AccountId':
      return names.account;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return undefined;
    default:
      return undefined;
  }
}

/** The resources of a type in a stack, with their logical ids. */
export function resourcesOf(stack: SynthesizedStack, type: string) {
  return Object.entries(stack.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties ?? {}, metadata: resource.Metadata ?? {} }));
}
