import type { Settings, SettingsPatch } from '../../../src-shared/settings.js';

/** Settings persistence: electron-store in the app, a JSON file in web mode and the CLI. Same schema for both. */
export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Listeners are told after every successful update. */
  onChange(listener: (settings: Settings) => void): () => void;
}
