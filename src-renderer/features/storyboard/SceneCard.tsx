import type { KeyboardEvent } from 'react';
import type { Scene } from '../../../src-shared/project';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { stageOpened } from '../cameos';
import { sceneDuplicated, sceneMoved, sceneRemoved, sceneUpdated, scenesPlaced } from '../document/documentSlice';
import { randomSeed } from '../document/sceneReducers';
import { selectFps } from '../document/selectors';
import { sceneSelected } from '../editor/uiSlice';
import { CAMERA_PRESETS, STYLE_PRESETS } from './presets';
import { TakeStrip } from './TakeStrip';

interface SceneCardProps {
  scene: Scene;
  index: number;
  count: number;
  dragging: boolean;
  onGenerate: (variants: number) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
  onDropHere: () => void;
}

export function SceneCard({ scene, index, count, dragging, onGenerate, onDragStart, onDragEnd, onDropHere }: SceneCardProps) {
  const dispatch = useAppDispatch();
  const fps = useAppSelector(selectFps);
  const selected = useAppSelector((s) => s.ui.selectedSceneId === scene.id);
  const cameoCount = useAppSelector((s) => s.document.present.placements.ids.filter((id) => s.document.present.placements.entities[id]!.sceneId === scene.id).length);
  const n = index + 1;
  const update = (changes: Parameters<typeof sceneUpdated>[0]['changes']) => dispatch(sceneUpdated({ id: scene.id, changes }));
  const move = (to: number) => dispatch(sceneMoved({ id: scene.id, toIndex: to }));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(index + (e.key === 'ArrowUp' ? -1 : 1));
    }
  };

  return (
    <li
      className={`scene-card${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}`}
      aria-label={`Scene ${n}`}
      onFocus={() => !selected && dispatch(sceneSelected(scene.id))}
      onKeyDown={onKeyDown}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        onDropHere();
      }}
    >
      <div className="scene-head">
        <span
          className="drag-handle"
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData('application/x-scenecast-scene', scene.id);
            e.dataTransfer.effectAllowed = 'move';
            onDragStart();
          }}
          onDragEnd={onDragEnd}
          title="Drag to reorder (or Alt+↑/↓)"
          aria-hidden="true"
        >
          ≡
        </span>
        <h3>Scene {n}</h3>
        <div className="scene-tools">
          <ToolButton label={`Move scene ${n} up`} shortcut="Alt+ArrowUp" disabled={index === 0} onClick={() => move(index - 1)}>
            ↑
          </ToolButton>
          <ToolButton label={`Move scene ${n} down`} shortcut="Alt+ArrowDown" disabled={index === count - 1} onClick={() => move(index + 1)}>
            ↓
          </ToolButton>
          <ToolButton label={`Duplicate scene ${n}`} onClick={() => dispatch(sceneDuplicated(scene.id))}>
            Dup
          </ToolButton>
          <ToolButton label={`Delete scene ${n}`} onClick={() => dispatch(sceneRemoved(scene.id))}>
            ✕
          </ToolButton>
        </div>
      </div>
      <label className="field">
        <textarea
          aria-label={`Prompt of scene ${n}`}
          value={scene.prompt}
          rows={2}
          placeholder="Describe what happens: a red ball bouncing on the beach"
          onChange={(e) => update({ prompt: e.target.value })}
        />
      </label>
      <label className="field">
        <input aria-label={`Negative prompt of scene ${n}`} value={scene.negativePrompt} placeholder="Negative prompt: what to avoid" onChange={(e) => update({ negativePrompt: e.target.value })} />
      </label>
      <div className="row">
        <label className="field small">
          <span>Seconds</span>
          <input
            aria-label={`Duration of scene ${n} in seconds`}
            type="number"
            min={0.5}
            max={4}
            step={0.5}
            value={scene.durationFrames / fps}
            onChange={(e) => {
              const seconds = Number(e.target.value);
              if (seconds > 0) update({ durationFrames: Math.max(1, Math.round(seconds * fps)) });
            }}
          />
        </label>
        <label className="field small">
          <span>Seed</span>
          <input
            aria-label={`Seed of scene ${n}`}
            inputMode="numeric"
            value={scene.seed}
            onChange={(e) => {
              const seed = Number(e.target.value);
              if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) update({ seed });
            }}
          />
        </label>
        <ToolButton label={`Lock seed of scene ${n}`} pressed={scene.seedLocked} onClick={() => update({ seedLocked: !scene.seedLocked })}>
          Lock
        </ToolButton>
        <ToolButton label={`Randomise seed of scene ${n}`} onClick={() => update({ seed: randomSeed() })}>
          Random
        </ToolButton>
      </div>
      <div className="row">
        <label className="field small">
          <span>Style</span>
          <select aria-label={`Style of scene ${n}`} value={scene.stylePreset ?? ''} onChange={(e) => update({ stylePreset: e.target.value || null })}>
            <option value="">None</option>
            {STYLE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          <span>Camera</span>
          <select aria-label={`Camera of scene ${n}`} value={scene.cameraPreset ?? ''} onChange={(e) => update({ cameraPreset: e.target.value || null })}>
            <option value="">None</option>
            {CAMERA_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TakeStrip scene={scene} sceneNumber={n} />
      <div className="row actions">
        <ToolButton label={`Generate scene ${n}`} className="primary" disabled={!scene.prompt.trim()} onClick={() => onGenerate(1)}>
          Generate
        </ToolButton>
        <ToolButton label={`Generate 3 variants of scene ${n}`} disabled={!scene.prompt.trim()} onClick={() => onGenerate(3)}>
          ×3 variants
        </ToolButton>
        <ToolButton label={`Put scene ${n} on the timeline`} disabled={scene.activeTakeId === null} onClick={() => dispatch(scenesPlaced({ sceneIds: [scene.id] }))}>
          → Timeline
        </ToolButton>
        <ToolButton label={`Cameos in scene ${n}`} onClick={() => dispatch(stageOpened({ sceneId: scene.id }))}>
          Cameos{cameoCount ? ` (${cameoCount})` : ''}
        </ToolButton>
      </div>
    </li>
  );
}
