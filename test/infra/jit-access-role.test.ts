import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type ScalarTag } from 'yaml';
import { JIT_AWS_ACTIONS } from '../../sandbox/jit-demo';
import { IDENTITY_CENTER_ACTIONS, IDENTITY_CENTER_COMMANDS } from '../../src/adapters/identity-center/identity-center-directory';

const ROOT = path.resolve(__dirname, '../..');
const ADAPTER_DIR = path.join(ROOT, 'src/adapters/identity-center');
const customTags: ScalarTag[] = ['Ref', 'Sub'].map((name) => ({ tag: `!${name}`, resolve: (value: string) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }) }));

/** The IAM namespace of an SDK command, from its operation schema (SSO Admin's model namespace is `ssoadmin`, its IAM prefix `sso`). */
function iamAction(command: new (input: never) => unknown): string {
  const schema = (new command({} as never) as { schema?: unknown }).schema as [unknown, string, string];
  const namespace = schema[1].split('.').at(-1) as string;
  return `${namespace === 'ssoadmin' ? 'sso' : namespace}:${schema[2]}`;
}

describe('infra/provisio-jit-access.yaml', () => {
  const template = parse(readFileSync(path.join(ROOT, 'infra/provisio-jit-access.yaml'), 'utf8'), { customTags }) as {
    Resources: Record<string, { Type: string; Properties: { Roles: unknown[]; PolicyDocument: { Statement: { Effect: string; Action: string[] }[] } } }>;
  };

  test('allows exactly what the Identity Center target sends, which is what the sandbox grants the role', () => {
    const policy = template.Resources.ProvisioJitAccessPolicy!;
    expect(policy.Type).toBe('AWS::IAM::Policy');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'RoleName' }]);
    const granted = policy.Properties.PolicyDocument.Statement.flatMap((s) => s.Action).sort();
    const derived = Object.values(IDENTITY_CENTER_COMMANDS)
      .flatMap((commands) => commands.map((c) => iamAction(c as unknown as new (input: never) => unknown)))
      .sort();
    expect(granted).toEqual(derived);
    expect([...IDENTITY_CENTER_ACTIONS].sort()).toEqual(derived);
    expect([...JIT_AWS_ACTIONS].sort()).toEqual(derived);
    expect(policy.Properties.PolicyDocument.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  test('the adapter sends only commands from its list, and every listed command is sent', () => {
    const registered = new Set(Object.values(IDENTITY_CENTER_COMMANDS).flatMap((commands) => commands.map((c) => c.name)));
    const sources = readdirSync(ADAPTER_DIR).map((f) => readFileSync(path.join(ADAPTER_DIR, f), 'utf8'));
    const sent = new Set(sources.flatMap((s) => [...s.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string)));
    expect([...sent].filter((c) => !registered.has(c))).toEqual([]);
    expect([...registered].filter((c) => !sent.has(c))).toEqual([]);
  });
});
