import { createApiClient } from '@corridor/vault';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { initI18n } from './i18n/i18n.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const api = createApiClient({ baseUrl: window.location.origin });

await initI18n();
createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
