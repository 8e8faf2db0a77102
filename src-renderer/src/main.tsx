import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/api-error.ts';
import { TransportProvider } from './api/api-context.tsx';
import { chooseTransport } from './api/transport.ts';
import { App } from './app/App.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/chats.css';
import './styles/messages.css';
import './styles/import.css';
import './styles/settings.css';
import './styles/diagnostics.css';

// The browser host moved the token into an HttpOnly cookie when it served this page; drop it from
// the address bar so it does not linger in history, bookmarks or screenshots.
const address = new URL(window.location.href);
if (address.searchParams.has('token')) {
  address.searchParams.delete('token');
  window.history.replaceState(null, '', address.pathname + address.search + address.hash);
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Data changes only when main says so (storeChanged), not when the window regains focus.
      refetchOnWindowFocus: false,
      // A host error has a code and will not change on retry; a dropped connection might.
      retry: (failureCount, error) => failureCount < 3 && error instanceof ApiError && error.code === 'CONNECTION_LOST',
    },
  },
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <TransportProvider transport={chooseTransport()}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </TransportProvider>
  </StrictMode>,
);
