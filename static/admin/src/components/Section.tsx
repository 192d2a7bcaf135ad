import type { ReactNode } from 'react';

export function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="admin-section" aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <h2 id={`${id}-title`} className="section-title">
        {title}
      </h2>
      {description && <p className="section-description">{description}</p>}
      {children}
    </section>
  );
}
