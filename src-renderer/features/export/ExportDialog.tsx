import { useEffect, useRef, useState, type FormEvent } from 'react';
import { EXPORT_FORMAT_INFO, VISIBLE_WATERMARK_RULE, exportPresetIds, type ExportFormat } from '../../../src-shared/export';
import { useEngineClient } from '../../app/engineContext';
import { useAppSelector } from '../../app/hooks';
import { selectFlagsOnTimeline, timelineFlagsNote } from '../cameos/flagsSlice';
import { selectMeta } from '../document/selectors';
import { selectSession } from '../project/sessionSlice';
import { CameoPicker } from './CameoPicker';
import { formToOptions, percentOf, presetLabel, progressText, type ExportForm } from './exportView';
import { useExportJob } from './useExportJob';
import './export.css';

type FormatChoice = { format: ExportFormat; label: string; available: boolean };

/** Export the timeline to a file in the project's exports/ folder, or to the feed; progress with ETA, cancel. */
export function ExportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useEngineClient();
  const meta = useAppSelector(selectMeta);
  const { dir, save } = useAppSelector(selectSession);
  const dialog = useRef<HTMLDialogElement>(null);
  const [formats, setFormats] = useState<FormatChoice[]>([]);
  const [form, setForm] = useState<ExportForm>({ preset: '9:16', width: '1280', height: '720', format: 'h264', crossfadeFrames: '0', visibleWatermark: true, outputName: '' });
  const [feedTitle, setFeedTitle] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  // The engine refuses, on its own record of each take on the timeline, an export holding a take made with a cameo
  // whose owner revoked consent or deleted it, or one the person exporting may not use now; it adds the takes' cameos
  // to the manifest itself. The dialog names only the cameos picked here, and warns ahead of a refusal it can foresee.
  const cameoIds = picked;
  const flagsNote = timelineFlagsNote(useAppSelector(selectFlagsOnTimeline));
  const { job, error, run, cancel, reset, running } = useExportJob();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      if (!running) reset();
      setProblem(null);
      setForm((f) => ({ ...f, outputName: f.outputName || meta?.name || 'Export' }));
      d.showModal();
      client.export.formats.query().then(setFormats, () => setFormats([]));
    }
    if (!open && d.open) d.close();
  }, [open]);

  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  // The engine exports the saved project.json: wait for the autosave of the last edit.
  const unsaved = save !== 'saved';

  const exportFile = (e: FormEvent) => {
    e.preventDefault();
    if (!dir) return;
    const parsed = formToOptions(form);
    if ('problem' in parsed) return setProblem(parsed.problem);
    setProblem(null);
    void run(() => client.export.start.mutate({ projectDir: dir, outputName: form.outputName.trim() || 'Export', options: parsed.options, cameoIds }));
  };
  const exportToFeed = () => {
    if (!dir) return;
    const crossfadeFrames = Number(form.crossfadeFrames || '0');
    void run(() => client.export.toFeed.mutate({ projectDir: dir, title: feedTitle.trim() || meta?.name || 'Untitled', crossfadeFrames: Number.isInteger(crossfadeFrames) ? crossfadeFrames : 0, cameoIds }));
  };

  const percent = percentOf(job);
  const extension = EXPORT_FORMAT_INFO[form.format].extension;
  return (
    <dialog ref={dialog} className="export-dialog" aria-labelledby="export-title" onClose={onClose}>
      <h2 id="export-title">Export</h2>
      <form onSubmit={exportFile}>
        <div className="export-grid">
          <label className="field">
            Size
            <select value={form.preset} onChange={(e) => set('preset', e.target.value as ExportForm['preset'])} disabled={running}>
              {exportPresetIds.map((p) => (
                <option key={p} value={p}>
                  {presetLabel(p)}
                </option>
              ))}
            </select>
          </label>
          {form.preset === 'custom' && (
            <div className="export-size">
              <label className="field">
                Width
                <input type="number" min={16} max={8192} step={2} value={form.width} onChange={(e) => set('width', e.target.value)} disabled={running} />
              </label>
              <label className="field">
                Height
                <input type="number" min={16} max={8192} step={2} value={form.height} onChange={(e) => set('height', e.target.value)} disabled={running} />
              </label>
            </div>
          )}
          <label className="field">
            Format
            <select value={form.format} onChange={(e) => set('format', e.target.value as ExportFormat)} disabled={running}>
              {(formats.length ? formats : [{ format: 'h264' as const, label: EXPORT_FORMAT_INFO.h264.label, available: true }]).map((f) => (
                <option key={f.format} value={f.format} disabled={!f.available}>
                  {f.label}
                  {f.available ? '' : ' — not in this ffmpeg'}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Crossfade at cuts (frames, 0 = hard cuts)
            <input type="number" min={0} max={240} value={form.crossfadeFrames} onChange={(e) => set('crossfadeFrames', e.target.value)} disabled={running} />
          </label>
          <label className="field">
            File name (in the project’s exports folder)
            <span className="export-name">
              <input value={form.outputName} maxLength={120} onChange={(e) => set('outputName', e.target.value)} disabled={running} aria-label="File name" />
              <span className="meta-dim">{extension}</span>
            </span>
          </label>
          <label className="export-check">
            <input type="checkbox" checked={form.visibleWatermark} onChange={(e) => set('visibleWatermark', e.target.checked)} disabled={running} />
            Visible “Scenecast” watermark
          </label>
          <p className="meta-dim export-rule">{VISIBLE_WATERMARK_RULE} Every export is signed (C2PA) and carries the invisible watermark.</p>
          {open && <CameoPicker selected={picked} onChange={setPicked} disabled={running} />}
          {flagsNote && (
            <p className="error" role="note">
              {flagsNote}
            </p>
          )}
        </div>
        {job && (
          <div className="progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
        )}
        {job && job.state !== 'error' && (
          <p role="status" className={`export-status export-${job.state}`}>
            {progressText(job)}
            {job.state === 'complete' && (
              <>
                {' '}
                <a href={job.post?.url ?? job.url} target="_blank" rel="noreferrer">
                  {job.post ? 'See it in the feed' : 'Open the file'}
                </a>
                <span className="export-path" title={job.output}>
                  {job.output}
                </span>
              </>
            )}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="submit" disabled={running || unsaved || !dir}>
            {unsaved ? 'Saving…' : running ? `Exporting… ${percent}%` : 'Export'}
          </button>
          {running ? (
            <button type="button" onClick={() => void cancel()}>
              Cancel export
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              Close
            </button>
          )}
        </div>
        <fieldset className="export-feed" disabled={running}>
          <legend>Export to feed</legend>
          <p className="meta-dim">9:16, with the visible watermark, the C2PA manifest and the invisible watermark; posted from your feed account.</p>
          <label className="field">
            Post title
            <input value={feedTitle} maxLength={200} placeholder={meta?.name} onChange={(e) => setFeedTitle(e.target.value)} />
          </label>
          <button type="button" onClick={exportToFeed} disabled={running || unsaved || !dir}>
            Export to feed
          </button>
        </fieldset>
      </form>
      {(problem ?? error) && (
        <p role="alert" className="error">
          {problem ?? error}
        </p>
      )}
    </dialog>
  );
}
