import type { ReactNode } from 'react';

interface PanelProps {
  id: string;
  title: string;
  collapsed: boolean;
  onToggle: () => void;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled, collapsible region of the studio. */
export function Panel({ id, title, collapsed, onToggle, actions, children, className }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}${collapsed ? ' collapsed' : ''}`} aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <button
          type="button"
          className="panel-toggle"
          aria-expanded={!collapsed}
          aria-controls={`${id}-body`}
          aria-label={collapsed ? `Show ${title}` : `Hide ${title}`}
          title={collapsed ? `Show ${title}` : `Hide ${title}`}
          onClick={onToggle}
        >
          {collapsed ? '▸' : '▾'}
        </button>
        <h2 id={`${id}-title`}>{title}</h2>
        {!collapsed && <div className="panel-actions">{actions}</div>}
      </header>
      {!collapsed && (
        <div className="panel-body" id={`${id}-body`}>
          {children}
        </div>
      )}
    </section>
  );
}
