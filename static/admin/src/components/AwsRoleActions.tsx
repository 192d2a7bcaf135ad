import { CopyButton } from './CopyButton';
import { Section } from './Section';

/** The IAM actions the role must allow, for an admin who reviews (or writes) the role's policy. */
export function AwsRoleActions({ actions }: { actions: string[] }) {
  return (
    <Section
      id="aws-role-actions"
      title="What the role may do"
      description={
        <>
          <code>infra/provisio-role.yaml</code> grants the role exactly these IAM actions, and Provisio calls nothing else. If you write the role&apos;s policy
          yourself, allow these.
        </>
      }
    >
      <ul className="action-list" data-testid="aws-role-actions" aria-label="IAM actions">
        {actions.map((action) => (
          <li key={action}>
            <code>{action}</code>
          </li>
        ))}
      </ul>
      <CopyButton text={actions.join('\n')} label="Copy the list" testId="aws-role-actions-copy" />
    </Section>
  );
}
