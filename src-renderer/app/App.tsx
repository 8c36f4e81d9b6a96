import { useState } from 'react';
import { GeneratePanel } from '../features/generation/GeneratePanel';
import { JobList } from '../features/generation/JobList';
import { Monitor } from '../features/generation/Monitor';
import { selectConnection } from '../features/generation/generationSlice';
import { useJobFeed } from '../features/generation/useJobFeed';
import { useEngineClient } from './engineContext';
import { useAppSelector } from './hooks';

export function App() {
  const client = useEngineClient();
  useJobFeed(client);
  const connection = useAppSelector(selectConnection);
  const [selectedJobId, setSelectedJobId] = useState<string | null>(null);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Scenecast</h1>
        <span className={`connection connection-${connection}`} role="status" aria-label="Engine connection">
          {connection === 'connected' ? 'Engine connected' : connection === 'connecting' ? 'Connecting to the engine…' : 'Engine connection lost — retrying'}
        </span>
      </header>
      <main className="app-main">
        <GeneratePanel />
        <Monitor selectedJobId={selectedJobId} />
        <JobList selectedJobId={selectedJobId} onSelect={setSelectedJobId} />
      </main>
    </div>
  );
}
