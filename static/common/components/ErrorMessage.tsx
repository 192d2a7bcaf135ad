export function ErrorMessage({ message, testId }: { message: string; testId: string }) {
  return (
    <p className="provisio-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
