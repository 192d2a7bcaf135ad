import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';
import { PROVISIO_AUTOMATION_ACTIONS } from '../../sandbox/aws';
import { CALLER_COMMANDS, callerActions, iamActionOf, ROLE_COMMANDS, roleActions, SIGNED_HTTP_ACTIONS } from '../../src/adapters/aws/aws-commands';

const ROOT = path.resolve(__dirname, '../..');
const ADAPTERS = path.join(ROOT, 'src/adapters/aws');

/** CloudFormation's short-form intrinsics (`!Sub`, `!If`, …) as `{ 'Fn::X': value }`, the long form. */
const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'If', 'Not', 'Equals', 'Join', 'Select', 'Split', 'FindInMap', 'Condition', 'ImportValue', 'Base64', 'GetAZs', 'Cidr', 'And', 'Or'];
const customTags: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const resolve = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (value: string) => resolve(value) } as ScalarTag,
    { tag: `!${name}`, collection: 'seq', resolve: (value: { toJSON(): unknown }) => resolve(value.toJSON()) } as unknown as CollectionTag,
  ];
});

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource?: unknown; Condition?: unknown; Principal?: unknown };
interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

const template = parse(readFileSync(path.join(ROOT, 'infra/provisio-role.yaml'), 'utf8'), { customTags }) as Template;

/** Every statement a policy may hold: both sides of an `Fn::If` count (the role may be deployed either way). */
function statements(policies: unknown): Statement[] {
  const documents = (policies as { PolicyDocument: { Statement: unknown[] } }[]).map((p) => p.PolicyDocument);
  return documents.flatMap((d) =>
    d.Statement.flatMap((s) => {
      const branch = (s as { 'Fn::If'?: unknown[] })['Fn::If'];
      return (branch ? branch.slice(1) : [s]).filter((b): b is Statement => typeof b === 'object' && b !== null && 'Action' in b);
    }),
  );
}
const actionsOf = (list: Statement[]) => [...new Set(list.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();

describe('infra/provisio-role.yaml', () => {
  const role = template.Resources.ProvisioRole as { Type: string; Properties: Record<string, unknown> };
  const user = template.Resources.ProvisioUser as { Type: string; Properties: Record<string, unknown> };

  test('the role allows exactly the actions the app’s adapters send, which is what the sandbox’s role allows', () => {
    const granted = actionsOf(statements(role.Properties.Policies));
    expect(granted).toEqual(roleActions());
    expect([...PROVISIO_AUTOMATION_ACTIONS].sort()).toEqual(roleActions());
    expect(granted.every((a) => !a.includes('*'))).toBe(true);
    expect(statements(role.Properties.Policies).every((s) => s.Effect === 'Allow')).toBe(true);
  });

  test('the user may only assume the role, and the role trusts only that user with the ExternalId', () => {
    expect(user.Type).toBe('AWS::IAM::User');
    expect(actionsOf(statements(user.Properties.Policies))).toEqual(callerActions());
    expect(callerActions()).toEqual(['sts:AssumeRole']);
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': ['ProvisioUser', 'Arn'] } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
      },
    ]);
    expect(role.Properties.MaxSessionDuration).toBe(3600);
  });

  test('the code sends only commands from the registry, each under the IAM action the registry derives', () => {
    const registry = new Map<string, string>(
      [...Object.values(ROLE_COMMANDS), ...Object.values(CALLER_COMMANDS)].flatMap((commands) =>
        commands.map((c) => [c.name, iamActionOf(c as unknown as new (input: never) => unknown)] as [string, string]),
      ),
    );
    const sources = readdirSync(ADAPTERS)
      .filter((f) => f.endsWith('.ts') && f !== 'aws-commands.ts')
      .map((f) => readFileSync(path.join(ADAPTERS, f), 'utf8'));
    const sent = sources.flatMap((s) => [...s.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string));
    expect(sent.length).toBeGreaterThan(10);
    for (const command of sent) expect({ command, registered: registry.has(command) }).toEqual({ command, registered: true });
    // Every used registry command is sent somewhere: the registry is not wider than the code.
    expect([...registry.keys()].filter((c) => !sent.includes(c))).toEqual([]);
    // The action named next to each call (used in error messages) is the command's own.
    const named = sources.flatMap((source) => [...source.matchAll(/this\.call\('([\w-]+:\w+)', \(\) => this\.client\.send\(new (\w+Command)\(/g)]);
    expect(named.length).toBeGreaterThanOrEqual(11);
    for (const m of named) expect({ command: m[2], action: m[1] }).toEqual({ command: m[2], action: registry.get(m[2] as string) });
    // Signed HTTP calls are the two baseline endpoint kinds.
    expect(Object.values(SIGNED_HTTP_ACTIONS).sort()).toEqual(['execute-api:Invoke', 'lambda:InvokeFunctionUrl']);
  });
});
