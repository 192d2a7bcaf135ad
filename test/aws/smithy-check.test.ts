import { contractPath, describeWithContracts } from '../helpers/contracts';
import { checkJson, checkXml } from './smithy/check-shapes';
import { SmithyModel } from './smithy/smithy-model';
import { parseXml } from './smithy/xml-tree';

/** The hand-written Smithy checker must catch what it claims to, or the conformance suite proves nothing. */
describeWithContracts('Smithy shape checker', () => {
  let orgs: SmithyModel;
  let sts: SmithyModel;
  beforeAll(() => {
    orgs = SmithyModel.load(contractPath('aws-models', 'organizations-2016-11-28.json'));
    sts = SmithyModel.load(contractPath('aws-models', 'sts-2011-06-15.json'));
  });
  const account = { Id: '222222222222', Arn: 'arn:aws:organizations::111111111111:account/o-pr0v1s10dm/222222222222', Email: 'a@b.example', Name: 'A', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: 1772442000 };
  const describeAccount = (value: unknown) => checkJson(orgs, { target: orgs.operation('DescribeAccount').output }, value);

  test('accepts a well-formed awsJson answer', () => {
    expect(describeAccount({ Account: account })).toEqual([]);
  });

  test.each([
    ['an unknown member', { Account: { ...account, Colour: 'red' } }, 'member not in'],
    ['a value outside its enum', { Account: { ...account, Status: 'ASLEEP' } }, 'is not one of'],
    ['a string breaking its pattern', { Account: { ...account, Id: '2222' } }, 'does not match'],
    ['a timestamp that is not epoch seconds', { Account: { ...account, JoinedTimestamp: '2026-03-02T09:00:00Z' } }, 'epoch seconds'],
    ['a structure that is not an object', { Account: [account] }, 'expected an object'],
  ])('finds %s', (_label, value, message) => {
    expect(describeAccount(value).map((p) => p.message).join('\n')).toContain(message);
  });

  test('finds a required member missing and a list item of the wrong type', () => {
    const credentialsMissing = checkJson(sts, { target: 'com.amazonaws.sts#Credentials' }, { AccessKeyId: 'ASIAXXXXXXXXXXXXXXXX', SecretAccessKey: 's', SessionToken: 't' });
    expect(credentialsMissing).toEqual([{ path: '$.Expiration', message: 'required member missing' }]);
    const roots = checkJson(orgs, { target: orgs.operation('ListRoots').output }, { Roots: ['r-pr0v'] });
    expect(roots[0]?.message).toContain('expected an object');
  });

  test('checks awsQuery XML: member elements, constraints and date-time timestamps', () => {
    const good = parseXml(
      '<AssumeRoleResult><Credentials><AccessKeyId>ASIAAAAAAAAAAAAAAAAA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-03-02T10:00:00.000Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAAAAAAAAAAAAAAAAAA:s1</AssumedRoleId><Arn>arn:aws:sts::111111111111:assumed-role/R/s1</Arn></AssumedRoleUser></AssumeRoleResult>',
    );
    expect(checkXml(sts, { target: sts.operation('AssumeRole').output }, good)).toEqual([]);
    const bad = parseXml(
      '<AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>1772442000</Expiration></Credentials><Extra/></AssumeRoleResult>',
    );
    expect(checkXml(sts, { target: sts.operation('AssumeRole').output }, bad).map((p) => p.path)).toEqual([
      '$.Credentials.AccessKeyId',
      '$.Credentials.Expiration',
      '$.Extra',
    ]);
  });

  test('reads XML with entities and rejects what it cannot read', () => {
    expect(parseXml('<?xml version="1.0"?><a x="1"><b>&lt;&amp;&#65;</b><c/></a>')).toEqual({
      name: 'a',
      attributes: { x: '1' },
      text: '',
      children: [
        { name: 'b', attributes: {}, children: [], text: '<&A' },
        { name: 'c', attributes: {}, children: [], text: '' },
      ],
    });
    expect(() => parseXml('<a><![CDATA[x]]></a>')).toThrow();
    expect(() => parseXml('<a><b></a>')).toThrow();
  });
});
