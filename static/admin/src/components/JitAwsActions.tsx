import { CopyButton } from './CopyButton';
import { Section } from './Section';

/** What the AWS role additionally needs for Identity Center targets, for an admin who reviews or writes its policy. */
export function JitAwsActions({ actions }: { actions: string[] }) {
  return (
    <Section
      id="jit-aws-actions"
      title="What AWS needs for permission set targets"
      description={
        <>
          Provisio assigns and removes permission sets through the role on the <strong>AWS &amp; account vending</strong> tab.{' '}
          <code>infra/provisio-jit-access.yaml</code> adds exactly these IAM actions to it; if you write the role&apos;s policy yourself, allow these.
        </>
      }
    >
      <ul className="action-list" data-testid="jit-aws-actions" aria-label="IAM actions for permission set targets">
        {actions.map((action) => (
          <li key={action}>
            <code>{action}</code>
          </li>
        ))}
      </ul>
      <CopyButton text={actions.join('\n')} label="Copy the list" testId="jit-aws-actions-copy" />
    </Section>
  );
}
