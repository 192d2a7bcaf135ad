import { view } from '@forge/bridge';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './base.css';

/** Starts a Custom UI package: theming, then `app` rendered into index.html's #root. */
export function mount(app: ReactNode): void {
  // Theming is cosmetic: a host that cannot enable it must not stop the UI from rendering.
  view.theme.enable().catch(() => undefined);

  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');

  createRoot(container).render(<StrictMode>{app}</StrictMode>);
}
