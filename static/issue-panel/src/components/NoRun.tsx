export function NoRun() {
  return (
    <div className="no-run" data-testid="no-run">
      <p>Provisio has nothing to do for this request.</p>
      <p className="muted">It acts on approved requests of the types an admin has connected to an action.</p>
    </div>
  );
}
