import { NormalizedSchema } from '@smithy/core/schema';
import type { AstMember, AstShape, SmithyAst } from './smithy-model';

/**
 * Builds a Smithy JSON AST from the schemas compiled into an AWS SDK v3 client, for a service
 * whose Smithy model is not among the contracts (CodeBuild). Those schemas come from the same
 * Smithy model, but keep only what the SDK needs: member names and types, not constraints,
 * enums or `required`. Checks against it are therefore shape checks only.
 */
export function astFromSdkSchemas(namespace: string, operations: Record<string, { output: unknown }>): SmithyAst {
  const shapes: Record<string, AstShape> = {};

  const register = (schema: NormalizedSchema, fallbackId: string): string => {
    if (schema.isStringSchema()) return 'smithy.api#String';
    if (schema.isBooleanSchema()) return 'smithy.api#Boolean';
    if (schema.isNumericSchema()) return 'smithy.api#Double';
    if (schema.isTimestampSchema()) return 'smithy.api#Timestamp';
    if (schema.isBlobSchema()) return 'smithy.api#Blob';
    if (schema.isDocumentSchema()) return 'smithy.api#Document';
    const name = schema.getName(true);
    const id = name && name.includes('#') ? name : fallbackId;
    if (shapes[id]) return id;
    if (schema.isListSchema()) {
      shapes[id] = { type: 'list', member: { target: 'smithy.api#Document' } };
      shapes[id].member = { target: register(schema.getValueSchema(), `${id}$member`) };
    } else if (schema.isMapSchema()) {
      shapes[id] = { type: 'map', key: { target: 'smithy.api#String' }, value: { target: 'smithy.api#Document' } };
      shapes[id].value = { target: register(schema.getValueSchema(), `${id}$value`) };
    } else if (schema.isStructSchema()) {
      const members: Record<string, AstMember> = {};
      shapes[id] = { type: schema.isUnionSchema() ? 'union' : 'structure', members };
      for (const [memberName, member] of schema.structIterator()) members[memberName] = { target: register(member, `${id}$${memberName}`) };
    } else {
      shapes[id] = { type: 'document' };
    }
    return id;
  };

  for (const [name, { output }] of Object.entries(operations)) {
    const outputId = register(NormalizedSchema.of(output as Parameters<typeof NormalizedSchema.of>[0]), `${namespace}#${name}Output`);
    shapes[`${namespace}#${name}`] = { type: 'operation', output: { target: outputId }, errors: [] };
  }
  shapes[`${namespace}#Service`] = { type: 'service', operations: Object.keys(operations).map((name) => ({ target: `${namespace}#${name}` })) };
  return { shapes };
}
