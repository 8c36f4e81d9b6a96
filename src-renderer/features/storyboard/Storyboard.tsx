import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { sceneAdded, sceneMoved, scenesPlaced } from '../document/documentSlice';
import { selectScenes } from '../document/selectors';
import { generateScenes } from '../generation/takeFlow';
import { SceneCard } from './SceneCard';

/** A card per scene, in story order; drag a card (or Alt+↑/↓) to reorder. */
export function Storyboard() {
  const dispatch = useAppDispatch();
  const scenes = useAppSelector(selectScenes);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);

  const generate = async (sceneIds: string[], variants = 1) => {
    setError(null);
    const result = await dispatch(generateScenes({ sceneIds, variants }));
    if (generateScenes.rejected.match(result)) setError(result.payload ?? result.error.message ?? 'could not queue the takes');
  };
  const placeable = scenes.filter((s) => s.activeTakeId !== null);

  return (
    <div className="storyboard">
      <div className="toolbar" role="toolbar" aria-label="Storyboard">
        <ToolButton label="Add scene" onClick={() => dispatch(sceneAdded({ afterId: scenes[scenes.length - 1]?.id ?? null }))}>
          + Scene
        </ToolButton>
        <ToolButton label="Generate all" className="primary" disabled={scenes.length === 0} onClick={() => void generate(scenes.map((s) => s.id))}>
          Generate all
        </ToolButton>
        <ToolButton
          label="Put all scenes on the timeline"
          disabled={placeable.length === 0}
          onClick={() => dispatch(scenesPlaced({ sceneIds: placeable.map((s) => s.id) }))}
        >
          All → timeline
        </ToolButton>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {scenes.length === 0 ? (
        <p className="empty">No scenes yet. Press “+ Scene”, describe what happens, then Generate.</p>
      ) : (
        <ol className="scenes" aria-label="Scenes">
          {scenes.map((scene, index) => (
            <SceneCard
              key={scene.id}
              scene={scene}
              index={index}
              count={scenes.length}
              dragging={dragging === scene.id}
              onGenerate={(variants) => void generate([scene.id], variants)}
              onDragStart={() => setDragging(scene.id)}
              onDragEnd={() => setDragging(null)}
              onDropHere={() => {
                if (dragging) dispatch(sceneMoved({ id: dragging, toIndex: index }));
                setDragging(null);
              }}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
