import { useRef } from 'react';
import type { Track } from '../../../src-shared/project';
import { useAppDispatch } from '../../app/hooks';
import { trackSoloToggled } from '../document/documentSlice';
import { importSoundFile } from './audioSlice';

/** What the file chooser offers; the engine checks the file itself on import. */
export const SOUND_FILE_ACCEPT = '.wav,.mp3,.m4a,.flac,.ogg,.oga,.opus,.aac,audio/*';

/** An audio track header's own buttons: solo, and importing a sound file onto the track at the playhead. */
export function AudioTrackControls({ track }: { track: Track }) {
  const dispatch = useAppDispatch();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="mini" aria-label={`Solo ${track.name}`} aria-pressed={track.solo ?? false} title="Solo" onClick={() => dispatch(trackSoloToggled({ id: track.id }))}>
        S
      </button>
      <button type="button" className="mini" aria-label={`Import a sound onto ${track.name}`} title="Import a sound file at the playhead" disabled={track.locked} onClick={() => input.current?.click()}>
        +
      </button>
      <input
        ref={input}
        type="file"
        accept={SOUND_FILE_ACCEPT}
        hidden
        aria-label={`Sound file for ${track.name}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void dispatch(importSoundFile({ file, trackId: track.id }));
        }}
      />
    </>
  );
}
