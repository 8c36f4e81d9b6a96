import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../../src-shared/settings.js';
import type { SettingsStore } from './store.js';

/**
 * Settings in a JSON file (web mode and the CLI; the app uses electron-store with the same schema). A file that does
 * not parse is kept as `settings.json.corrupt-<time>` and defaults are used, with a warning — never silently lost.
 */
export class FileSettingsStore implements SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<(s: Settings) => void>();
  readonly warnings: string[] = [];

  constructor(private readonly file: string) {
    this.current = this.read();
  }

  get(): Settings {
    return this.current;
  }

  update(patch: SettingsPatch): Settings {
    const valid = settingsPatchSchema.parse(patch);
    const next = settingsSchema.parse({ ...this.current, ...valid });
    this.write(next);
    this.current = next;
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Settings {
    if (!existsSync(this.file)) return defaultSettings;
    const text = readFileSync(this.file, 'utf8');
    try {
      return settingsSchema.parse(JSON.parse(text));
    } catch (err) {
      const backup = `${this.file}.corrupt-${Date.now()}`;
      copyFileSync(this.file, backup);
      this.warnings.push(`settings file ${this.file} could not be read (${(err as Error).message.split('\n')[0]}); kept it as ${backup} and started from defaults`);
      return defaultSettings;
    }
  }

  private write(settings: Settings): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`);
    const fd = openSync(temp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.file);
  }
}
