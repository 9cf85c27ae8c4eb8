import { StrictMode } from 'react';
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
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="page">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
