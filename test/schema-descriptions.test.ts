// Every type, field, argument, input field and enum value of the public schema carries a description a
// reader can learn from (shown by GraphiQL and in schema.graphql). The schema is built without a database.
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';

/** Shorter than this reads as a placeholder ("TODO", "The id"), not an explanation. */
const minimumLength = 12;

export interface DescriptionProblem {
  coordinate: string;
  problem: string;
}

/** Every schema coordinate (Type, Type.field, Type.field(arg:), Enum.VALUE) whose description is missing or a placeholder. */
export function descriptionProblems(target: GraphQLSchema): DescriptionProblem[] {
  const problems: DescriptionProblem[] = [];
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    const text = description?.trim() ?? '';
    if (!text) problems.push({ coordinate, problem: 'no description' });
    else if (text.length < minimumLength) problems.push({ coordinate, problem: `placeholder description ${JSON.stringify(text)}` });
    else if (text.replace(/[.\s]+$/, '').toLowerCase() === name.toLowerCase()) problems.push({ coordinate, problem: 'description repeats the name' });
  };
  for (const type of Object.values(target.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
    }
  }
  return problems;
}

describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const problems = descriptionProblems(schema).map(({ coordinate, problem }) => `${coordinate}: ${problem}`);
    expect(problems, `${problems.length} schema elements lack a useful description:\n${problems.join('\n')}`).toEqual([]);
  });

  it('finds missing, placeholder and name-repeating descriptions', async () => {
    // The check itself must be able to fail: a tiny schema with one of each problem.
    const { buildSchema } = await import('graphql');
    const broken = buildSchema(`
      "A query root for this check."
      type Query {
        "TODO"
        short: String
        "Name."
        name(limit: Int): String
        """A field whose meaning is spelled out at length."""
        fine: Colour
      }
      enum Colour { RED }
    `);
    expect(descriptionProblems(broken).map((p) => p.coordinate).sort()).toEqual(
      ['Colour', 'Colour.RED', 'Query.name', 'Query.name(limit:)', 'Query.short'].sort(),
    );
  });
});
