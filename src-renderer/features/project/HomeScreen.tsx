import { useEffect, useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { createProject, loadRecent, openProject, selectSession } from './sessionSlice';

/** Start here: make a new project or open a recent one. */
export function HomeScreen() {
  const dispatch = useAppDispatch();
  const { recent, error, phase } = useAppSelector(selectSession);
  const [name, setName] = useState('');
  const [dir, setDir] = useState('');
  const client = useEngineClient();
  const [posters, setPosters] = useState<Record<string, string | null>>({});

  useEffect(() => {
    void dispatch(loadRecent());
  }, [dispatch]);
  useEffect(() => {
    const dirs = recent.filter((p) => p.problem === null).map((p) => p.dir);
    if (dirs.length === 0) return;
    let live = true;
    client.takes.projectPosters
      .query({ dirs })
      .then((found) => live && setPosters(found))
      // Posters are decoration: the list works without them.
      .catch((err: unknown) => console.warn(`recent project posters: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      live = false;
    };
  }, [client, recent]);

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) void dispatch(createProject(name.trim()));
  };
  const open = (e: FormEvent) => {
    e.preventDefault();
    if (dir.trim()) void dispatch(openProject(dir.trim()));
  };

  return (
    <main className="home" aria-labelledby="home-title">
      <h2 id="home-title">Projects</h2>
      <div className="home-grid">
        <div className="card">
          <form onSubmit={create} aria-label="New project" className="stack">
            <h3>New project</h3>
            <label>
              Project name
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Summer short" autoFocus />
            </label>
            <button type="submit" className="primary" disabled={!name.trim() || phase === 'opening'}>
              Create project
            </button>
          </form>
          <form onSubmit={open} aria-label="Open a project folder" className="stack">
            <h3>Open a folder</h3>
            <label>
              Project folder
              <input value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/home/me/Scenecast/projects/Summer short" />
            </label>
            <button type="submit" disabled={!dir.trim() || phase === 'opening'}>
              Open folder
            </button>
          </form>
        </div>
        <section className="card" aria-labelledby="recent-title">
          <h3 id="recent-title">Recent</h3>
          {recent.length === 0 ? (
            <p className="empty">No projects yet. Name one on the left and press Create project.</p>
          ) : (
            <ul className="recent" aria-label="Recent projects">
              {recent.map((p) => (
                <li key={p.dir}>
                  <button type="button" className="recent-open" disabled={p.problem !== null} onClick={() => void dispatch(openProject(p.dir))} title={p.dir}>
                    <span className="recent-thumb" aria-hidden="true">
                      {posters[p.dir] ? <img src={posters[p.dir]!} alt="" /> : (p.name ?? '?').slice(0, 1).toUpperCase()}
                    </span>
                    <span className="recent-name">{p.name ?? 'Cannot open'}</span>
                    <span className="recent-dir">{p.problem ?? p.dir}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
