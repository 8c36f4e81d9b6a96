import { settingsPatchSchema, type Settings } from '../../../src-shared/settings.js';
import { listen, procedure, router } from '../trpc.js';
import type { SettingsStore } from './store.js';

export function settingsRouter(store: SettingsStore) {
  return router({
    get: procedure.query(() => store.get()),
    update: procedure.input(settingsPatchSchema).mutation(({ input }) => store.update(input)),
    watch: procedure.subscription(({ signal }) => listen<Settings>((push) => store.onChange(push), signal)),
  });
}
