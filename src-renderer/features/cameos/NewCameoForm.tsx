import { useEffect, useState, type FormEvent } from 'react';
import { useEngineClient } from '../../app/engineContext';
import { stageCameoMedia } from '../../app/engineFiles';
import { readableError } from '../generation/generationSlice';
import { EnumOptions } from './EnumOptions';
import { CAPTURE_SCRIPT, MIN_CLIP_SECONDS, phraseWindow, secondsLeft, STEP_TEXT } from './captureScript';
import { KIND_TEXT, PERMISSION_TEXT, type CameoKind, type CameoPermission, type CameoRecord } from './types';
import { useCameraRecording } from './useCameraRecording';
import { useClipUpload } from './useClipUpload';
import { acceptedText } from './verdict';

type Verdict = { state: 'checking' } | { state: 'accepted'; record: CameoRecord } | { state: 'refused'; message: string } | null;

/**
 * "New cameo": a person records themselves (camera and microphone, guided: face centred, head turning, the random
 * phrase read aloud); a pet or object comes from an uploaded clip of at least 3 s. The engine checks the recording
 * and either keeps it with its consent record or says why not.
 */
export function NewCameoForm({ onCreated }: { onCreated: (record: CameoRecord) => void }) {
  const client = useEngineClient();
  const [displayName, setDisplayName] = useState('');
  const [handle, setHandle] = useState('');
  const [kind, setKind] = useState<CameoKind>('person');
  const [permission, setPermission] = useState<CameoPermission>('only_me');
  const [phrase, setPhrase] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const camera = useCameraRecording();
  const clip = useClipUpload();

  const newPhrase = () => client.cameos.phrase.query().then((r) => setPhrase(r.phrase), (err: unknown) => setVerdict({ state: 'refused', message: readableError(err) }));
  useEffect(() => void newPhrase(), []);

  // Only the recording goes to the engine: it checks it and takes the reference images from it.
  const send = async (recording: Blob, extension: string, window?: { startS: number; endS: number }) => {
    if (!phrase) return;
    setVerdict({ state: 'checking' });
    try {
      const recordingName = await stageCameoMedia(client, recording, `recording.${extension}`);
      const record = await client.cameos.create.mutate({
        displayName: displayName.trim() || handle,
        handle,
        kind,
        permission,
        phrase,
        recording: recordingName,
        ...(window ? { phraseWindow: window } : {}),
      });
      setVerdict({ state: 'accepted', record });
      onCreated(record);
    } catch (err) {
      setVerdict({ state: 'refused', message: readableError(err) });
      // A refused recording used up its phrase: the next try reads a fresh one.
      void newPhrase();
    }
  };

  const status = camera.status;
  useEffect(() => {
    if (status.state === 'recorded') void send(status.recording, 'webm', phraseWindow());
  }, [status]);

  const detailsMissing = !handle.trim() || !phrase;
  const sendClip = (e: FormEvent) => {
    e.preventDefault();
    if (clip.state.state === 'ready') void send(clip.state.file, clip.state.extension);
  };
  const recording = status.state === 'recording' ? status : null;
  const reading = recording?.step === 'read';

  return (
    <form className="new-cameo" aria-label="New cameo" onSubmit={sendClip}>
      <div className="row">
        <label className="field">
          Display name
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={64} placeholder="Maya" />
        </label>
        <label className="field">
          Cameo handle
          <input value={handle} onChange={(e) => setHandle(e.target.value.replace(/^@/, ''))} maxLength={32} required pattern="[A-Za-z0-9_.]{2,32}" placeholder="maya.beach" />
        </label>
        <label className="field">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as CameoKind)}>
            <EnumOptions labels={KIND_TEXT} />
          </select>
        </label>
        <label className="field">
          Who may use it
          <select value={permission} onChange={(e) => setPermission(e.target.value as CameoPermission)}>
            <EnumOptions labels={PERMISSION_TEXT} />
          </select>
        </label>
      </div>

      {kind === 'person' ? (
        <section aria-label="Guided recording" className="capture">
          <p className="meta-dim">
            About {Math.floor(CAPTURE_SCRIPT.done)} s with your camera and microphone: keep your face in the circle, turn your head slowly, then read the
            phrase that appears aloud.
          </p>
          <div className="capture-stage">
            <video ref={camera.video} muted playsInline aria-label="Camera preview" className="capture-video" />
            <div className="capture-guide" aria-hidden="true" />
            {recording && (
              <div className="capture-prompt" aria-live="polite">
                <p className="capture-step" aria-label="Recording step">
                  {STEP_TEXT[recording.step]}
                </p>
                {reading && phrase && (
                  <p className="capture-phrase" aria-label="Phrase to read aloud">
                    “{phrase}”
                  </p>
                )}
                <p className="meta-dim" aria-label="Seconds left">
                  {secondsLeft(recording.seconds)} s
                </p>
              </div>
            )}
          </div>
          <div className="dialog-buttons">
            {(status.state === 'off' || status.state === 'error' || status.state === 'starting') && (
              <button type="button" onClick={() => void camera.start()} disabled={status.state === 'starting'}>
                Turn on camera
              </button>
            )}
            {status.state === 'ready' && (
              <button type="button" onClick={() => void camera.record()} disabled={detailsMissing} title={detailsMissing ? 'Give the cameo a handle first' : ''}>
                Start recording
              </button>
            )}
            {(status.state === 'recorded' || verdict?.state === 'refused') && (
              <button type="button" onClick={() => (camera.reset(), setVerdict(null))} disabled={verdict?.state === 'checking'}>
                Record again
              </button>
            )}
          </div>
          {status.state === 'error' && (
            <p role="alert" className="error">
              {status.message}
            </p>
          )}
        </section>
      ) : (
        <section aria-label="Upload a clip" className="capture">
          <p className="meta-dim">
            A clip of your {kind} of at least {MIN_CLIP_SECONDS} s, with you reading this phrase aloud in it: <q aria-label="Phrase to read aloud">{phrase}</q>
          </p>
          <label className="field">
            Clip file
            <input type="file" accept="video/webm,video/mp4,video/quicktime,video/x-matroska" onChange={(e) => void clip.choose(e.target.files?.[0] ?? null)} />
          </label>
          {clip.state.state === 'error' && (
            <p role="alert" className="error">
              {clip.state.message}
            </p>
          )}
          <div className="dialog-buttons">
            <button type="submit" disabled={clip.state.state !== 'ready' || detailsMissing || verdict?.state === 'checking'}>
              Check and save
            </button>
          </div>
        </section>
      )}

      <div className="dialog-buttons">
        <button type="button" className="link" onClick={() => void newPhrase()} disabled={Boolean(recording) || verdict?.state === 'checking'}>
          New phrase
        </button>
      </div>
      {verdict?.state === 'checking' && <p role="status">Checking the recording…</p>}
      {verdict?.state === 'accepted' && (
        <div role="status" aria-label="Capture verdict" className="verdict accepted">
          <p>
            <strong>Accepted:</strong> {verdict.record.displayName} (@{verdict.record.handle})
          </p>
          <ul>
            {acceptedText(verdict.record).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {verdict?.state === 'refused' && (
        <p role="alert" aria-label="Capture verdict" className="verdict refused error">
          <strong>Not accepted.</strong> {verdict.message}
        </p>
      )}
    </form>
  );
}
