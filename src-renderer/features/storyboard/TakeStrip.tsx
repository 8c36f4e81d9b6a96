import { shallowEqual } from 'react-redux';
import type { Scene, Take } from '../../../src-shared/project';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { activeTakeChosen } from '../document/documentSlice';
import { flagBadge, flagText, selectFlaggedTake } from '../cameos/flagsSlice';
import { useMediaUrl } from '../project/useMediaUrl';

function TakeThumb({ take, label, active, onPick }: { take: Take; label: string; active: boolean; onPick: () => void }) {
  const poster = useMediaUrl(take.posterPath);
  // Made with a cameo whose owner took consent back afterwards or deleted it: marked, and the engine refuses to export it.
  const flag = useAppSelector((s) => selectFlaggedTake(s, take.id));
  return (
    <li className={flag ? 'take-flagged' : undefined}>
      <button
        type="button"
        className={`take take-${take.status}${active ? ' active' : ''}`}
        aria-label={`${label} (${take.status})${flag ? ` — ${flagBadge(flag).toLowerCase()}` : ''}`}
        aria-pressed={active}
        disabled={take.status !== 'ready'}
        title={take.status === 'ready' ? `Use this take (seed ${take.seed})` : take.status === 'rendering' ? 'Rendering…' : 'This take failed; see the queue'}
        onClick={onPick}
      >
        {poster ? <img src={poster} alt="" /> : <span className="take-placeholder">{take.status === 'rendering' ? '…' : take.status === 'failed' ? '!' : '▶'}</span>}
      </button>
      {flag && (
        <span className="cameo-revoked-badge" role="img" aria-label={`${label}: ${flagText(flag)}`} title={flagText(flag)}>
          {flagBadge(flag)}
        </span>
      )}
    </li>
  );
}

/** The scene's takes, oldest first; the active one is what the timeline shows. */
export function TakeStrip({ scene, sceneNumber }: { scene: Scene; sceneNumber: number }) {
  const dispatch = useAppDispatch();
  const takes = useAppSelector((s) => scene.takeIds.map((id) => s.document.present.takes.entities[id]).filter((t): t is Take => !!t), shallowEqual);
  if (takes.length === 0) return <p className="empty takes-empty">No takes yet — press Generate.</p>;
  return (
    <ul className="takes" aria-label={`Takes of scene ${sceneNumber}`}>
      {takes.map((take, i) => (
        <TakeThumb
          key={take.id}
          take={take}
          label={`Take ${i + 1} of scene ${sceneNumber}`}
          active={scene.activeTakeId === take.id}
          onPick={() => dispatch(activeTakeChosen({ sceneId: scene.id, takeId: take.id }))}
        />
      ))}
    </ul>
  );
}
