/**
 * Settings in the desktop app: electron-store (a JSON file in the user data folder), validated with the shared zod
 * schema on every read. A file that is not valid JSON or not valid settings is backed up beside itself
 * (`settings.json.corrupt-<time>`), the store starts from defaults, and the log says so — never silently lost.
 */
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';
import { defaultSettings, settingsPatchSchema, settingsSchema } from '../../src-shared/settings.js';
import type { Settings, SettingsPatch } from '../../src-shared/settings.js';
import type { SettingsStore } from '../engine/settings/store.js';
import type { ShellLog } from './log.js';

const STORE_NAME = 'settings';

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/** Checks the file before electron-store opens it (it would throw on bad JSON, or clear it without a backup). */
function problemWith(file: string): string | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `not valid JSON: ${firstLine(error)}`;
  }
  const parsed = settingsSchema.safeParse(json);
  return parsed.success ? null : `invalid settings: ${firstLine(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))}`;
}

export class ElectronSettingsStore implements SettingsStore {
  readonly #store: Store<Settings>;
  readonly #log: ShellLog;
  readonly #listeners = new Set<(settings: Settings) => void>();
  #current: Settings;

  constructor(options: { directory: string; log: ShellLog }) {
    this.#log = options.log;
    const file = path.join(options.directory, `${STORE_NAME}.json`);
    const problem = problemWith(file);
    // Moved aside, so electron-store opens an empty store rather than the broken file.
    if (problem) this.#backUp(file, problem, 'move');
    this.#store = new Store<Settings>({
      cwd: options.directory,
      name: STORE_NAME,
      // Our zod schema is the validator; electron-store's JSON-schema option is left unused on purpose.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    });
    this.#current = this.#read();
  }

  get path(): string {
    return this.#store.path;
  }

  get(): Settings {
    return this.#current;
  }

  update(patch: SettingsPatch): Settings {
    const valid = settingsPatchSchema.parse(patch);
    const next = settingsSchema.parse({ ...this.#current, ...valid });
    this.#store.store = next;
    this.#current = next;
    for (const listener of this.#listeners) listener(next);
    return next;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Reads and validates what is on disk; fills defaults for settings added since the file was written. */
  #read(): Settings {
    const parsed = settingsSchema.safeParse(this.#store.store);
    if (parsed.success) return parsed.data;
    this.#backUp(this.#store.path, `invalid settings: ${firstLine(parsed.error.message)}`, 'copy');
    this.#store.store = defaultSettings;
    return defaultSettings;
  }

  #backUp(file: string, problem: string, how: 'move' | 'copy'): void {
    const backup = `${file}.corrupt-${Date.now()}`;
    if (how === 'move') renameSync(file, backup);
    else copyFileSync(file, backup);
    this.#log.warn(`settings file ${file} could not be used (${problem}); kept it as ${backup} and started from defaults`);
  }
}
