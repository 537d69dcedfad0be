/**
 * A small JSON Schema checker for the keywords the API description uses (the ones zod writes,
 * plus `$ref` into the document and `oneOf`), so tests can hold a value to what the document
 * says. Not a full validator: keywords it does not know are ignored, which a test of its own
 * keeps honest by showing that it does refuse what it should.
 */
type Schema = { [keyword: string]: unknown };

const dateFormat = /^\d{4}-\d{2}-\d{2}$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function resolve(root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are followed, not ${ref}`);
  let node = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`Unresolved reference ${ref}`);
  return node as Schema;
}

/** What is wrong with `value` by `schema`, one line per problem with its JSON path; empty when it fits. */
export function schemaProblems(schema: Schema, value: unknown, root: unknown = schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') return schemaProblems(resolve(root, schema.$ref), value, root, at);
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${at}: ${problem}`);
  const actual = typeOf(value);

  if (Array.isArray(schema.oneOf)) {
    const fitting = (schema.oneOf as Schema[]).filter((option) => schemaProblems(option, value, root, at).length === 0);
    if (fitting.length !== 1) say(`fits ${fitting.length} of the oneOf options, not exactly 1`);
  }
  if (typeof schema.type === 'string' && schema.type !== actual && !(schema.type === 'number' && actual === 'integer'))
    return [...problems, `${at}: is ${actual}, not ${schema.type}`];
  if ('const' in schema && value !== schema.const) say(`is ${JSON.stringify(value)}, not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) say(`${JSON.stringify(value)} is not one of the enum`);

  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) say(`is shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) say(`is longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) say(`does not match ${schema.pattern}`);
    if (schema.format === 'date' && !dateFormat.test(value)) say('is not a date');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) say(`is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) say(`is above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) say(`has fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) say(`has more than ${schema.maxItems} items`);
    if (schema.items && typeof schema.items === 'object')
      for (const [index, item] of value.entries()) problems.push(...schemaProblems(schema.items as Schema, item, root, `${at}[${index}]`));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) say(`lacks ${name}`);
    for (const [name, field] of Object.entries(object)) {
      if (properties[name]) problems.push(...schemaProblems(properties[name], field, root, `${at}.${name}`));
      else if (schema.additionalProperties === false) say(`has ${name}, which the schema does not allow`);
    }
  }
  return problems;
}
