import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import './i18n/index.ts';
import './ui/app/labStore.ts';
import './ui/scenario/bootScenario.ts';
import './ui/teach/bootChallenge.ts';
import './ui/lessons/bootLesson.ts';
import { App } from './ui/app/App.tsx';
import { ErrorBoundary } from './ui/app/ErrorBoundary.tsx';

const root = document.getElementById('root');
if (root) {
  const app = createRoot(root);
  // A transition: React renders the first screen (the whole lab at once) in 5 ms slices, the page answering between
  // them, instead of one task of ~100 ms on a busy machine; only the commit is one task.
  startTransition(() =>
    app.render(
      <StrictMode>
        <ErrorBoundary scope="page">
          <App />
        </ErrorBoundary>
      </StrictMode>,
    ),
  );
}
