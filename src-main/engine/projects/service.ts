import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectDocument } from '../../../src-shared/project/index.js';
import type { SettingsStore } from '../settings/store.js';
import { PROJECT_FILE, createProject, openProject, restoreProjectBackup, saveProject, saveProjectAs, type OpenedProject } from './store.js';

export interface RecentProject {
  dir: string;
  name: string | null;
  /** Why it could not be read, when it could not (moved, deleted, damaged). */
  problem: string | null;
}

const MAX_RECENT = 20;

/** Project folders for the UI: create, open, save, and the recent list kept in settings. */
export class ProjectService {
  constructor(
    private readonly deps: {
      defaultParent: () => string;
      settings: SettingsStore;
    },
  ) {}

  async create(name: string, options: { fps?: number; width?: number; height?: number } = {}): Promise<OpenedProject> {
    const opened = await createProject(this.deps.defaultParent(), name, options);
    this.remember(opened.dir);
    return opened;
  }

  async open(dir: string): Promise<OpenedProject> {
    const opened = await openProject(normalize(dir));
    this.remember(opened.dir);
    return opened;
  }

  async save(dir: string, document: ProjectDocument): Promise<void> {
    await saveProject(normalize(dir), document);
  }

  /** Copies the project into a new folder named `name` (under `parentDir`, else the default folder) and remembers it. */
  async saveAs(sourceDir: string, name: string, document: ProjectDocument, parentDir?: string): Promise<OpenedProject> {
    const opened = await saveProjectAs(normalize(sourceDir), parentDir ? path.resolve(parentDir) : this.deps.defaultParent(), name, document);
    this.remember(opened.dir);
    return opened;
  }

  async restoreBackup(dir: string): Promise<OpenedProject> {
    return restoreProjectBackup(normalize(dir));
  }

  async recent(): Promise<RecentProject[]> {
    return Promise.all(
      this.deps.settings.get().recentProjects.map(async (dir) => {
        try {
          const { document } = await openProject(dir);
          return { dir, name: document.name, problem: null };
        } catch (err) {
          return { dir, name: null, problem: (err as Error).message };
        }
      }),
    );
  }

  forget(dir: string): void {
    const recent = this.deps.settings.get().recentProjects.filter((d) => d !== normalize(dir));
    this.deps.settings.update({ recentProjects: recent });
  }

  private remember(dir: string): void {
    const recent = [dir, ...this.deps.settings.get().recentProjects.filter((d) => d !== dir)].slice(0, MAX_RECENT);
    this.deps.settings.update({ recentProjects: recent });
  }
}

/** Accepts the project folder or its project.json. */
function normalize(dir: string): string {
  const resolved = path.resolve(dir);
  return path.basename(resolved) === PROJECT_FILE ? path.dirname(resolved) : resolved;
}

/**
 * Whether `dir` is a project folder this studio has opened (on the recent list, with its project.json still there): the
 * only folders a UI may have the engine read renders from or write exports to.
 */
export async function isOpenedProject(settings: SettingsStore, dir: string): Promise<boolean> {
  const project = path.resolve(dir);
  if (!settings.get().recentProjects.some((d) => path.resolve(d) === project)) return false;
  return access(path.join(project, PROJECT_FILE)).then(
    () => true,
    () => false,
  );
}
