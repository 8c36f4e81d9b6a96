import { useEffect, useState, type ReactNode } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { CameosDialog, StageDialog } from '../cameos';
import { ShortcutsDialog } from '../editor/ShortcutsDialog';
import { ExportDialog } from '../export';
import { selectCanRedo, selectCanUndo, selectMeta } from '../document/selectors';
import { redo, undo } from '../history/undoable';
import { SaveAsDialog } from '../project/SaveAsDialog';
import { closeProject, selectSession } from '../project/sessionSlice';

const saveText = { saved: 'All changes saved', pending: 'Unsaved changes…', saving: 'Saving…', failed: 'Save failed' } as const;

export function StudioHeader({ status }: { status: ReactNode }) {
  const dispatch = useAppDispatch();
  const meta = useAppSelector(selectMeta);
  const canUndo = useAppSelector(selectCanUndo);
  const canRedo = useAppSelector(selectCanRedo);
  const { save, saveError, dir } = useAppSelector(selectSession);
  const [help, setHelp] = useState(false);
  const [savingAs, setSavingAs] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [cameos, setCameos] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (e.key === '?' && !typing) setHelp(true);
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 's') {
        // Also while typing: it is what Ctrl+Shift+S means everywhere, and the browser's own "save page" is no use here.
        e.preventDefault();
        setSavingAs(true);
      }
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        setExporting(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <header className="app-header studio-header">
      <h1>Scenecast</h1>
      <span className="project-name" title={dir ?? ''} aria-label="Project name">
        {meta?.name}
      </span>
      <span className="meta-dim">
        {meta?.width}×{meta?.height} · {meta?.fps} fps
      </span>
      <div className="header-tools" role="toolbar" aria-label="Edit">
        <ToolButton label="Undo" shortcut="Control+Z" disabled={!canUndo} onClick={() => dispatch(undo())}>
          ↶ Undo
        </ToolButton>
        <ToolButton label="Redo" shortcut="Control+Shift+Z" disabled={!canRedo} onClick={() => dispatch(redo())}>
          ↷ Redo
        </ToolButton>
        <ToolButton label="Save as" shortcut="Control+Shift+S" onClick={() => setSavingAs(true)}>
          Save as…
        </ToolButton>
        <ToolButton label="Export" shortcut="Control+E" onClick={() => setExporting(true)}>
          Export…
        </ToolButton>
        <ToolButton label="Cameos" onClick={() => setCameos(true)}>
          Cameos…
        </ToolButton>
        <ToolButton label="Close project" onClick={() => void dispatch(closeProject())}>
          Projects
        </ToolButton>
        <ToolButton label="Keyboard shortcuts" shortcut="?" onClick={() => setHelp(true)}>
          ?
        </ToolButton>
      </div>
      <span className={`save save-${save}`} role="status" aria-label="Save status" title={saveError ?? ''}>
        {saveText[save]}
        {save === 'failed' && saveError ? `: ${saveError}` : ''}
      </span>
      {status}
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <SaveAsDialog open={savingAs} onClose={() => setSavingAs(false)} />
      <ExportDialog open={exporting} onClose={() => setExporting(false)} />
      <CameosDialog open={cameos} onClose={() => setCameos(false)} />
      <StageDialog />
    </header>
  );
}
