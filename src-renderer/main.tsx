import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { App } from './app/App';
import { EngineClientContext } from './app/engineContext';
import { createAppStore } from './app/store';
import { createEngineClient } from './app/trpc';
import './ui/theme.css';

const client = createEngineClient();
const store = createAppStore(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineClientContext.Provider value={client}>
      <Provider store={store}>
        <App />
      </Provider>
    </EngineClientContext.Provider>
  </StrictMode>,
);
