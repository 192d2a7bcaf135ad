import {
  AccessDeniedException,
  AccountNotFoundException,
  ConcurrentModificationException,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DestinationParentNotFoundException,
  DuplicateAccountException,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationalUnitNotFoundException,
  ParentNotFoundException,
  SourceParentNotFoundException,
  TagResourceCommand,
  TooManyRequestsException,
  UntagResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createAwsHarness, sdkError, type AwsHarness, type Credentials } from './helpers/aws-harness';

describe('AWS stand-in: Organizations through the official SDK', () => {
  let h: AwsHarness;
  let automation: Credentials;
  let orgs: OrganizationsClient;
  beforeEach(async () => {
    h = createAwsHarness();
    automation = await h.automationCredentials();
    orgs = h.organizations(automation, undefined, 1);
  });
  afterEach(() => h.close());

  const createAccount = (client: OrganizationsClient, Email: string, AccountName = 'Team Rocket Dev') =>
    client.send(new CreateAccountCommand({ Email, AccountName, Tags: [{ Key: 'jira-issue', Value: 'PRV-42' }] }));

  test('CreateAccount → IN_PROGRESS → SUCCEEDED on the clock; the account lands in the root, moves to an OU and carries tags (over HTTP)', async () => {
    const server = await h.listen();
    const client = h.organizations(automation, server);
    const started = await createAccount(client, 'team-rocket-dev@provisio-demo.example');
    const id = started.CreateAccountStatus?.Id ?? '';
    expect(id).toMatch(/^car-[a-z0-9]{32}$/);
    expect(started.CreateAccountStatus).toMatchObject({ State: 'IN_PROGRESS', AccountName: 'Team Rocket Dev' });
    expect(started.CreateAccountStatus?.AccountId).toBeUndefined();

    h.clock.advance(119_000);
    await expect(client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).resolves.toMatchObject({ CreateAccountStatus: { State: 'IN_PROGRESS' } });
    h.clock.advance(1_000);
    const done = (await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus;
    expect(done).toMatchObject({ State: 'SUCCEEDED', AccountId: expect.stringMatching(/^\d{12}$/) });
    expect(done?.CompletedTimestamp?.getTime()).toBe((started.CreateAccountStatus?.RequestedTimestamp?.getTime() ?? 0) + 120_000);
    const accountId = done?.AccountId ?? '';

    // Inspection as the org admin: the automation role allows only what Provisio calls.
    const admin = h.organizations(h.seed.orgAdmin, server);
    const inRoot = await admin.send(new ListAccountsForParentCommand({ ParentId: h.seed.rootId }));
    expect(inRoot.Accounts?.map((a) => a.Id)).toContain(accountId);
    expect(inRoot.Accounts?.find((a) => a.Id === accountId)).toMatchObject({
      Email: 'team-rocket-dev@provisio-demo.example',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      Arn: `arn:aws:organizations::111111111111:account/${h.seed.organizationId}/${accountId}`,
    });
    await expect(client.send(new ListParentsCommand({ ChildId: accountId }))).resolves.toMatchObject({ Parents: [{ Id: h.seed.rootId, Type: 'ROOT' }] });

    await client.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: h.seed.rootId, DestinationParentId: h.seed.organizationalUnits.nonProd }));
    await expect(client.send(new ListParentsCommand({ ChildId: accountId }))).resolves.toMatchObject({
      Parents: [{ Id: h.seed.organizationalUnits.nonProd, Type: 'ORGANIZATIONAL_UNIT' }],
    });
    const inOu = await admin.send(new ListAccountsForParentCommand({ ParentId: h.seed.organizationalUnits.nonProd }));
    expect(inOu.Accounts?.map((a) => a.Id).sort()).toEqual([h.seed.accounts.paymentsNonProd, accountId].sort());

    await client.send(new TagResourceCommand({ ResourceId: accountId, Tags: [{ Key: 'cost-center', Value: 'CC-1234' }] }));
    await expect(admin.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).resolves.toMatchObject({
      Tags: [
        { Key: 'jira-issue', Value: 'PRV-42' },
        { Key: 'cost-center', Value: 'CC-1234' },
      ],
    });
    // The new account gets the administration role the management account uses.
    expect(h.aws.iam.role(`arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`)).toBeDefined();
  });

  test('a second CreateAccount while one is in flight → ConcurrentModificationException', async () => {
    await createAccount(orgs, 'first@provisio-demo.example');
    const error = await sdkError(createAccount(orgs, 'second@provisio-demo.example'));
    expect(error).toBeInstanceOf(ConcurrentModificationException);
    expect(error.$metadata?.httpStatusCode).toBe(409);
    h.clock.advance(120_000);
    await expect(createAccount(orgs, 'second@provisio-demo.example')).resolves.toMatchObject({ CreateAccountStatus: { State: 'IN_PROGRESS' } });
  });

  test('an email already used in the organization → FAILED EMAIL_ALREADY_EXISTS', async () => {
    const started = await createAccount(orgs, h.seed.takenEmail);
    h.clock.advance(120_000);
    const status = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus?.Id }));
    expect(status.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
    expect(status.CreateAccountStatus?.AccountId).toBeUndefined();
  });

  test('failNextCreateAccount, undeliverable addresses and the account quota give their FailureReasons', async () => {
    h.aws.organizations.failNextCreateAccount('ACCOUNT_LIMIT_EXCEEDED');
    const outcome = async (email: string) => {
      const id = (await createAccount(orgs, email)).CreateAccountStatus?.Id;
      h.clock.advance(120_000);
      return (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus;
    };
    await expect(outcome('a@provisio-demo.example')).resolves.toMatchObject({ State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' });
    await expect(outcome('b@mail.invalid')).resolves.toMatchObject({ State: 'FAILED', FailureReason: 'INVALID_EMAIL' });
    h.aws.organizations.setAccountLimit(5);
    await expect(outcome('c@provisio-demo.example')).resolves.toMatchObject({ State: 'SUCCEEDED' });
    await expect(outcome('d@provisio-demo.example')).resolves.toMatchObject({ State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' });
    const listed = await orgs.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }));
    expect(listed.CreateAccountStatuses?.map((s) => s.FailureReason)).toEqual(['ACCOUNT_LIMIT_EXCEEDED', 'INVALID_EMAIL', 'ACCOUNT_LIMIT_EXCEEDED']);
  });

  test('an email that breaks the model pattern is refused synchronously with InvalidInputException', async () => {
    const error = await sdkError(createAccount(orgs, 'not an email'));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error).toMatchObject({ Reason: 'INVALID_PATTERN' });
  });

  test('nonexistent OUs and parents raise the exceptions AWS names', async () => {
    const missingOu = 'ou-pr0v-zzzzzzzz';
    const acct = h.seed.accounts.paymentsProd;
    const prod = h.seed.organizationalUnits.prod;
    const move = (AccountId: string, SourceParentId: string, DestinationParentId: string) =>
      sdkError(orgs.send(new MoveAccountCommand({ AccountId, SourceParentId, DestinationParentId })));
    expect(await move(acct, prod, missingOu)).toBeInstanceOf(DestinationParentNotFoundException);
    expect(await move(acct, missingOu, h.seed.rootId)).toBeInstanceOf(SourceParentNotFoundException);
    expect(await move(acct, prod, prod)).toBeInstanceOf(DuplicateAccountException);
    expect(await move('999999999999', prod, h.seed.rootId)).toBeInstanceOf(AccountNotFoundException);
    expect(await move(acct, h.seed.rootId, h.seed.organizationalUnits.sandbox)).toBeInstanceOf(AccountNotFoundException);
    expect(await sdkError(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: missingOu })))).toBeInstanceOf(OrganizationalUnitNotFoundException);
    expect(await sdkError(orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: missingOu })))).toBeInstanceOf(ParentNotFoundException);
    const malformed = await sdkError(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'Sandbox' })));
    expect(malformed).toBeInstanceOf(InvalidInputException);
    expect(malformed.$metadata?.httpStatusCode).toBe(400);
  });

  test('the OU tree is navigable: root → Workloads → Prod/NonProd', async () => {
    const roots = await orgs.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([{ Id: 'r-pr0v', Arn: `arn:aws:organizations::111111111111:root/${h.seed.organizationId}/r-pr0v`, Name: 'Root', PolicyTypes: [] }]);
    const top = await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-pr0v' }));
    expect(top.OrganizationalUnits?.map((o) => o.Name)).toEqual(['Workloads', 'Sandbox', 'Security']);
    const below = await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: h.seed.organizationalUnits.workloads }));
    expect(below.OrganizationalUnits?.map((o) => o.Name)).toEqual(['Prod', 'NonProd']);
    await expect(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: h.seed.organizationalUnits.prod }))).resolves.toMatchObject({
      OrganizationalUnit: { Name: 'Prod', Id: h.seed.organizationalUnits.prod },
    });
  });

  test('ListAccounts pages with MaxResults and NextToken; a forged token is InvalidInputException', async () => {
    const ids: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await orgs.send(new ListAccountsCommand({ MaxResults: 3, NextToken }));
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(ids).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
    const error = await sdkError(orgs.send(new ListAccountsCommand({ NextToken: 'forged' })));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error).toMatchObject({ Reason: 'INVALID_NEXT_TOKEN' });
  });

  test('UntagResource removes tags', async () => {
    const admin = h.organizations(h.seed.orgAdmin, undefined, 1);
    await admin.send(new TagResourceCommand({ ResourceId: h.seed.organizationalUnits.sandbox, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await admin.send(new UntagResourceCommand({ ResourceId: h.seed.organizationalUnits.sandbox, TagKeys: ['a'] }));
    await expect(admin.send(new ListTagsForResourceCommand({ ResourceId: h.seed.organizationalUnits.sandbox }))).resolves.toMatchObject({ Tags: [{ Key: 'b', Value: '2' }] });
  });

  test('a role session calling an action outside its policy → AccessDeniedException', async () => {
    const untag = await sdkError(orgs.send(new UntagResourceCommand({ ResourceId: h.seed.accounts.paymentsProd, TagKeys: ['x'] })));
    expect(untag).toBeInstanceOf(AccessDeniedException);
    expect(untag.$metadata?.httpStatusCode).toBe(403);
    expect(await sdkError(orgs.send(new ListTagsForResourceCommand({ ResourceId: h.seed.accounts.paymentsProd })))).toBeInstanceOf(AccessDeniedException);
    // Provisio's own keys may only assume the role.
    expect(await sdkError(h.organizations(h.seed.provisio, undefined, 1).send(new ListRootsCommand({})))).toBeInstanceOf(AccessDeniedException);
    // The org admin may do everything.
    await expect(h.organizations(h.seed.orgAdmin).send(new DescribeOrganizationCommand({}))).resolves.toMatchObject({
      Organization: { Id: h.seed.organizationId, MasterAccountId: '111111111111', FeatureSet: 'ALL' },
    });
    expect(h.aws.requestLog().filter((e) => e.errorCode === 'AccessDeniedException').map((e) => [e.action, e.principalArn])).toEqual([
      ['UntagResource', 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/provisio-test'],
      ['ListTagsForResource', 'arn:aws:sts::111111111111:assumed-role/ProvisioAutomation/provisio-test'],
      ['ListRoots', h.seed.provisio.arn],
    ]);
  });

  test('tags on CreateAccount need organizations:TagResource as well', async () => {
    h.aws.iam.setRoleAllowedActions(h.seed.automationRole.arn, ['organizations:CreateAccount']);
    expect(await sdkError(createAccount(orgs, 'x@provisio-demo.example'))).toBeInstanceOf(AccessDeniedException);
    await expect(orgs.send(new CreateAccountCommand({ Email: 'x@provisio-demo.example', AccountName: 'X' }))).resolves.toBeDefined();
  });

  test('principals outside the management account are refused', async () => {
    const member = h.aws.iam.createUser({ accountId: '222222222222', userName: 'member-admin', allowedActions: ['*'] });
    const key = h.aws.iam.createAccessKey(member.arn);
    expect(await sdkError(h.organizations(key, undefined, 1).send(new ListRootsCommand({})))).toBeInstanceOf(AccessDeniedException);
  });

  test('throttling: past the per-second rate → TooManyRequestsException (429) until a virtual second has passed', async () => {
    h.aws.organizations.setRequestRateLimit(2);
    await orgs.send(new ListRootsCommand({}));
    await orgs.send(new ListRootsCommand({}));
    const error = await sdkError(orgs.send(new ListRootsCommand({})));
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error.$metadata?.httpStatusCode).toBe(429);
    h.clock.advance(1000);
    await expect(orgs.send(new ListRootsCommand({}))).resolves.toBeDefined();
    expect(h.aws.requestLog().filter((e) => e.status === 429)).toHaveLength(1);
  });

  test('the SDK retries a throttled call on its own and gets through once the quota frees up', async () => {
    h.aws.organizations.setRequestRateLimit(1);
    const retrying = h.organizations(automation, undefined, 5);
    await retrying.send(new ListRootsCommand({}));
    const second = retrying.send(new ListRootsCommand({}));
    // Let the first attempt be throttled, then open the next virtual second for the retry.
    setTimeout(() => h.clock.advance(1000), 20);
    await expect(second).resolves.toBeDefined();
    expect(h.aws.requestLog().filter((e) => e.errorCode === 'TooManyRequestsException').length).toBeGreaterThanOrEqual(1);
  });

  test('served under a path prefix, the stand-in verifies the signature over the prefixed path', async () => {
    const server = await h.listen('/__standin/aws');
    expect(server.endpoint).toMatch(/\/__standin\/aws$/);
    await expect(h.organizations(h.seed.orgAdmin, server).send(new ListRootsCommand({}))).resolves.toMatchObject({ Roots: [{ Id: 'r-pr0v' }] });
  });
});
