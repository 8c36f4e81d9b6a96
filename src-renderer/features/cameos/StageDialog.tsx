import { useEffect, useMemo, useRef, useState } from 'react';
import { MAX_CAMEOS_PER_SCENE } from '../../../src-shared/cameo/placement';
import { stageAt, stageKeyframeSchema, type StageKeyframe } from '../../../src-shared/cameo/stage';
import { useEngineClient } from '../../app/engineContext';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { cameoPlaced, placementKeyframeRemoved, placementKeyframeSet, placementRemoved } from '../document/documentSlice';
import { readableError } from '../generation/generationSlice';
import { CameoBoxes } from './CameoBoxes';
import { CameoStage } from './CameoStage';
import { shotCameraFor } from './overlayBoxes';
import { placementsInScene, SAME_KEYFRAME_T } from './placementReducers';
import { stageClosed } from './stageSlice';
import type { CameoSummary } from './types';
import { imageAspect, useReferenceImages } from './useReferenceImages';
import './cameos.css';

const DEFAULT_KEY = { x: 0, depth: 5, scale: 1.7 };
const round = (v: number) => Math.round(v * 100) / 100;

/**
 * A scene's cameo placements on the three.js stage: place up to two cameos from the library, move and scale them at
 * a time in the clip (each edit sets a keyframe there), and see where they land in the shot — what generation sends.
 */
export function StageDialog() {
  const dispatch = useAppDispatch();
  const client = useEngineClient();
  const { sceneId, placementId } = useAppSelector((s) => s.cameoStage);
  const doc = useAppSelector((s) => s.document.present);
  const dialog = useRef<HTMLDialogElement>(null);
  const [frame, setFrame] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [choices, setChoices] = useState<CameoSummary[]>([]);
  const [choice, setChoice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const scene = sceneId ? doc.scenes.entities[sceneId] : undefined;
  const sceneNumber = sceneId ? doc.scenes.ids.indexOf(sceneId) + 1 : 0;
  const placements = useMemo(() => (sceneId ? placementsInScene(doc, sceneId) : []), [doc.placements, sceneId]);
  const images = useReferenceImages(placements.map((p) => p.cameoId));
  const frames = Math.max(1, scene?.durationFrames ?? 1);
  const t = frames > 1 ? frame / (frames - 1) : 0;
  const shot = useMemo(() => shotCameraFor((doc.meta?.width ?? 16) / (doc.meta?.height ?? 9)), [doc.meta?.width, doc.meta?.height]);
  const current = placements.find((p) => p.id === selected) ?? placements[0] ?? null;
  const at = current ? stageAt(current.keyframes, t) : null;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (sceneId && !d.open) {
      d.showModal();
      setFrame(0);
      setSelected(placementId);
      setProblem(null);
      // What may be placed: my cameos and those shared with me (signed out, the list explains).
      Promise.all([client.cameos.mine.query(), client.cameos.sharedWithMe.query()]).then(
        ([mine, shared]) => {
          const all = [...mine.map((c) => ({ ...c, referenceCount: c.references.length, usable: true, myGrant: null })), ...shared] as CameoSummary[];
          setChoices(all);
          setChoice((c) => c || all[0]?.id || '');
        },
        (err: unknown) => setProblem(readableError(err)),
      );
    }
    if (!sceneId && d.open) d.close();
  }, [sceneId]);

  const setKey = (change: Partial<Omit<StageKeyframe, 't'>>, gestureId?: string) => {
    if (!current || !at) return;
    const parsed = stageKeyframeSchema.safeParse({ t, ...at, ...change });
    if (!parsed.success) return setProblem(`That is off the stage: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; ')}`);
    setProblem(null);
    dispatch(placementKeyframeSet({ id: current.id, key: { ...parsed.data, x: round(parsed.data.x), depth: round(parsed.data.depth), scale: round(parsed.data.scale) } }, gestureId));
  };

  const place = async () => {
    const cameo = choices.find((c) => c.id === choice);
    if (!cameo || !sceneId) return;
    try {
      const { dataUrl } = await client.cameos.reference.query({ id: cameo.id });
      const id = crypto.randomUUID();
      dispatch(cameoPlaced({ id, sceneId, cameoId: cameo.id, label: `${cameo.displayName} @${cameo.handle}`, refAspect: await imageAspect(dataUrl), keyframes: [{ t, ...DEFAULT_KEY }] }));
      setSelected(id);
    } catch (err) {
      setProblem(readableError(err));
    }
  };

  const placedIds = new Set(placements.map((p) => p.cameoId));
  const full = placements.length >= MAX_CAMEOS_PER_SCENE;
  const onKey = (e: React.KeyboardEvent) => {
    if (!at) return;
    const step = e.shiftKey ? 1 : 0.1;
    const moves: Record<string, Partial<Omit<StageKeyframe, 't'>>> = {
      ArrowLeft: { x: at.x - step },
      ArrowRight: { x: at.x + step },
      ArrowUp: { depth: at.depth + step },
      ArrowDown: { depth: at.depth - step },
      '+': { scale: at.scale * 1.05 },
      '=': { scale: at.scale * 1.05 },
      '-': { scale: at.scale / 1.05 },
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    setKey(move, `keys-${current?.id}-${frame}`);
  };

  return (
    // Keys pressed in the stage (arrows, Home/End on the time slider) are the stage's, not the timeline's shortcuts.
    <dialog ref={dialog} className="cameo-stage-dialog" aria-labelledby="stage-title" onClose={() => dispatch(stageClosed())} onKeyDown={(e) => e.stopPropagation()}>
      <h2 id="stage-title">Cameos in scene {sceneNumber}</h2>
      {scene && (
        <div className="stage-layout">
          <div onKeyDown={onKey}>
            <CameoStage
              billboards={placements.map((p) => ({ placement: p, image: images[p.cameoId] ?? null }))}
              selectedId={current?.id ?? null}
              t={t}
              shot={shot}
              onSelect={setSelected}
              onMove={(id, x, depth, gesture) => (id === current?.id ? setKey({ x, depth }, gesture) : setSelected(id))}
              onScale={(id, factor, gesture) => id === current?.id && at && setKey({ scale: at.scale * factor }, gesture)}
            />
            <label className="field">
              Time in clip: frame {frame + 1} of {frames}
              <input type="range" min={0} max={frames - 1} value={frame} onChange={(e) => setFrame(Number(e.target.value))} aria-label="Time in clip" />
            </label>
            <div className="shot-view" style={{ aspectRatio: `${shot.aspect}` }}>
              <CameoBoxes placements={placements} t={t} shot={shot} label="The shot at this time" images={images} />
            </div>
          </div>
          <div className="stage-fields">
            <label className="field">
              Cameo to place
              <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={full}>
                {choices.map((c) => (
                  <option key={c.id} value={c.id} disabled={placedIds.has(c.id)}>
                    {c.displayName} @{c.handle}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void place()} disabled={full || !choice || placedIds.has(choice)} title={full ? `A scene holds at most ${MAX_CAMEOS_PER_SCENE} cameos` : ''}>
              Place in scene
            </button>
            {placements.length > 0 && (
              <div role="radiogroup" aria-label="Placed cameos">
                {placements.map((p) => (
                  <label key={p.id} className="check">
                    <input type="radio" name="placed" checked={p.id === current?.id} onChange={() => setSelected(p.id)} />
                    {p.label}
                  </label>
                ))}
              </div>
            )}
            {current && at && (
              <fieldset>
                <legend>{current.label} at frame {frame + 1}</legend>
                <p className="meta-dim">Arrow keys on the stage move it (Shift: 1 m), + / − scale it. Every change sets a keyframe at this frame.</p>
                <label className="field">
                  Left–right (m)
                  <input type="number" step={0.1} value={round(at.x)} onChange={(e) => e.target.value !== '' && setKey({ x: Number(e.target.value) })} />
                </label>
                <label className="field">
                  Depth (m)
                  <input type="number" step={0.1} min={0.5} value={round(at.depth)} onChange={(e) => e.target.value !== '' && setKey({ depth: Number(e.target.value) })} />
                </label>
                <label className="field">
                  Height (m)
                  <input type="number" step={0.05} min={0.05} value={round(at.scale)} onChange={(e) => e.target.value !== '' && setKey({ scale: Number(e.target.value) })} />
                </label>
                <ul className="keyframe-list" aria-label="Keyframes">
                  {current.keyframes.map((k) => {
                    const kf = Math.round(k.t * (frames - 1)) + 1;
                    return (
                      <li key={k.t}>
                        <button type="button" className="link" onClick={() => setFrame(kf - 1)} aria-current={Math.abs(k.t - t) <= SAME_KEYFRAME_T}>
                          Keyframe at frame {kf}
                        </button>{' '}
                        <button type="button" onClick={() => dispatch(placementKeyframeRemoved({ id: current.id, t: k.t }))} disabled={current.keyframes.length === 1} aria-label={`Remove keyframe at frame ${kf}`}>
                          ✕
                        </button>
                      </li>
                    );
                  })}
                </ul>
                <button type="button" onClick={() => dispatch(placementRemoved(current.id))}>
                  Remove {current.label} from the scene
                </button>
              </fieldset>
            )}
            {problem && (
              <p role="alert" className="error">
                {problem}
              </p>
            )}
          </div>
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={() => dialog.current?.close()}>
          Done
        </button>
      </div>
    </dialog>
  );
}
