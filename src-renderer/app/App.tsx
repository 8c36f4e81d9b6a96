import { useEffect } from 'react';
import { CameoAlerts } from '../features/cameos';
import { Studio } from '../features/layout/Studio';
import { HomeScreen } from '../features/project/HomeScreen';
import { OPEN_PROJECT_KEY, openProject, selectSession } from '../features/project/sessionSlice';
import { selectConnection } from '../features/generation/generationSlice';
import { useJobFeed } from '../features/generation/useJobFeed';
import { useEngineClient } from './engineContext';
import { useAppDispatch, useAppSelector } from './hooks';

export function App() {
  const client = useEngineClient();
  const dispatch = useAppDispatch();
  useJobFeed(client);
  const connection = useAppSelector(selectConnection);
  const { phase } = useAppSelector(selectSession);

  // A reload (or a crash) reopens the project this tab had open.
  useEffect(() => {
    const dir = localStorage.getItem(OPEN_PROJECT_KEY);
    if (dir) void dispatch(openProject(dir));
  }, [dispatch]);

  const status = (
    <span className={`connection connection-${connection}`} role="status" aria-label="Engine connection">
      {connection === 'connected' ? 'Engine connected' : connection === 'connecting' ? 'Connecting to the engine…' : 'Engine connection lost — retrying'}
    </span>
  );
  return (
    <div className="app">
      {phase === 'open' ? (
        <Studio status={status} />
      ) : (
        <>
          <header className="app-header">
            <h1>Scenecast</h1>
            {status}
          </header>
          {phase === 'opening' ? <p className="empty">Opening the project…</p> : <HomeScreen />}
        </>
      )}
      <CameoAlerts />
    </div>
  );
}
