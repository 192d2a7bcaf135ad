import { advance, newWorld, raiseApproved } from './world';
test('debug', async () => {
  const world = newWorld();
  const a = await raiseApproved(world, { person: 'rita', targetName: 'Sync group', minutes: 30, approver: 'ann' });
  console.log(JSON.stringify(world.grants.items.get(a.issueId), null, 1).slice(0, 3000));
  console.log([...world.targets.get('sync-group')!.settled()]);
  await advance(world, 31 * 60_000);
  console.log(world.grants.items.get(a.issueId)?.grant.status, [...world.targets.get('sync-group')!.settled()], world.desk.comments.map(c=>c.text));
});
