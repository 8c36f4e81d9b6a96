import { z } from 'zod';

/** Execution providers a user may ask for; `auto` picks the best one that initialises. */
export const executionProviderChoices = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ExecutionProviderChoice = (typeof executionProviderChoices)[number];

export const settingsSchema = z.object({
  /** Settings file layout version, for migrations. */
  version: z.literal(1).default(1),
  executionProvider: z.enum(executionProviderChoices).default('auto'),
  /** Intra-op threads for ONNX Runtime on CPU; 0 = let ORT decide. */
  cpuThreads: z.number().int().min(0).max(256).default(0),
  /** Explicit ffmpeg binary; ffprobe is looked for beside it. Empty = search. */
  ffmpegPath: z.string().default(''),
  /** Model pack folder to generate with; empty = the bundled default. */
  modelPack: z.string().default(''),
  /** Where new projects are created; empty = <data dir>/projects. */
  projectsDir: z.string().default(''),
  /** Community feed service; empty = the embedded local one. */
  feedServerUrl: z.string().default(''),
  recentProjects: z.array(z.string()).max(20).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A partial update as the UI sends it; unknown keys are refused. Built from the fields without their defaults: zod 4
 * applies a default inside `.partial()`, which would reset every setting the patch leaves out.
 */
const field = settingsSchema.shape;
export const settingsPatchSchema = z
  .object({
    executionProvider: field.executionProvider.removeDefault().optional(),
    cpuThreads: field.cpuThreads.removeDefault().optional(),
    ffmpegPath: field.ffmpegPath.removeDefault().optional(),
    modelPack: field.modelPack.removeDefault().optional(),
    projectsDir: field.projectsDir.removeDefault().optional(),
    feedServerUrl: field.feedServerUrl.removeDefault().optional(),
    recentProjects: field.recentProjects.removeDefault().optional(),
  } satisfies Record<Exclude<keyof Settings, 'version'>, z.ZodType>)
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
