import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CAMEOS_ASSERTION, MODEL_PACK_ASSERTION, TRAINED_ALGORITHMIC_MEDIA, mediaFormat } from './sign.js';
import { c2paSdk } from './wasm.js';

export interface ValidationIssue {
  code: string;
  explanation: string;
}

export interface ManifestSummary {
  label: string;
  title: string | null;
  generator: string | null;
  signer: { issuer: string | null; commonName: string | null; alg: string | null };
  actions: Array<{ action: string; digitalSourceType?: string }>;
  createdByAi: boolean;
  ingredients: Array<{ title: string; sha256: string | null }>;
  pack: { name: string; version: string } | null;
  cameos: Array<{ id: string; consentHash: string; ownerHandle?: string | undefined }>;
}

export type ProvenanceReport =
  /** No C2PA manifest in the file. */
  | { status: 'absent' }
  /**
   * `valid`: intact and correctly signed, but the signer is not on a trust list the reader knows (what a per-install
   * certificate always gives). `trusted`: valid and the chain ends at a trusted anchor. `invalid`: the file or the
   * manifest was changed after signing, or the signature is bad.
   */
  | { status: 'valid' | 'trusted' | 'invalid'; manifest: ManifestSummary; failures: ValidationIssue[]; untrustedSigner: boolean };

const issueSchema = z.object({ code: z.string(), explanation: z.string().optional() });
const storeSchema = z.object({
  active_manifest: z.string().optional(),
  validation_state: z.string().optional(),
  validation_status: z.array(issueSchema).optional(),
  validation_results: z
    .object({ activeManifest: z.object({ failure: z.array(issueSchema).optional() }).partial().optional() })
    .partial()
    .optional(),
  manifests: z.record(
    z.string(),
    z.object({
      title: z.string().optional(),
      claim_generator_info: z.array(z.object({ name: z.string(), version: z.string().optional() }).loose()).optional(),
      signature_info: z.object({ issuer: z.string().optional(), common_name: z.string().optional(), alg: z.string().optional() }).loose().optional(),
      ingredients: z.array(z.object({ title: z.string().optional(), metadata: z.record(z.string(), z.unknown()).optional() }).loose()).optional(),
      assertions: z.array(z.object({ label: z.string(), data: z.unknown() })).optional(),
    }),
  ),
});

const actionsSchema = z.object({ actions: z.array(z.object({ action: z.string(), digitalSourceType: z.string().optional() }).loose()) });
const cameosSchema = z.object({ cameos: z.array(z.object({ id: z.string(), consentHash: z.string(), ownerHandle: z.string().optional() })) });
const packSchema = z.object({ name: z.string(), version: z.string() });

/** Reads and validates the C2PA manifest store of a video with the C2PA SDK. */
export async function readProvenance(file: string): Promise<ProvenanceReport> {
  const format = mediaFormat(file);
  const bytes = await readFile(file);
  const { WasmReader } = c2paSdk();
  let reader;
  try {
    reader = await WasmReader.fromBytes(format, bytes);
  } catch (error) {
    const text = String(error);
    if (/JumbfNotFound|ProvenanceMissing|JumbfBoxNotFound/.test(text)) return { status: 'absent' };
    throw new Error(`reading the C2PA manifest of ${file} failed: ${text}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(reader.json());
  } finally {
    reader.free();
  }
  const store = storeSchema.parse(json);
  const label = store.active_manifest;
  const active = label ? store.manifests[label] : undefined;
  if (!label || !active) return { status: 'absent' };

  const assertion = (name: string) => active.assertions?.find((a) => a.label === name || a.label.startsWith(`${name}.`))?.data;
  const actions = actionsSchema.safeParse(assertion('c2pa.actions.v2') ?? assertion('c2pa.actions'));
  const cameos = cameosSchema.safeParse(assertion(CAMEOS_ASSERTION));
  const pack = packSchema.safeParse(assertion(MODEL_PACK_ASSERTION));
  const generator = active.claim_generator_info?.[0];
  const actionList = actions.success ? actions.data.actions.map((a) => ({ action: a.action, ...(a.digitalSourceType ? { digitalSourceType: a.digitalSourceType } : {}) })) : [];
  const manifest: ManifestSummary = {
    label,
    title: active.title ?? null,
    generator: generator ? `${generator.name}${generator.version ? ` ${generator.version}` : ''}` : null,
    signer: { issuer: active.signature_info?.issuer ?? null, commonName: active.signature_info?.common_name ?? null, alg: active.signature_info?.alg ?? null },
    actions: actionList,
    createdByAi: actionList.some((a) => a.action === 'c2pa.created' && a.digitalSourceType === TRAINED_ALGORITHMIC_MEDIA),
    ingredients: (active.ingredients ?? []).map((i) => ({
      title: i.title ?? '(untitled)',
      sha256: typeof i.metadata?.['com.scenecast.sha256'] === 'string' ? (i.metadata['com.scenecast.sha256'] as string) : null,
    })),
    pack: pack.success ? pack.data : null,
    cameos: cameos.success ? cameos.data.cameos : [],
  };
  const issues = (store.validation_results?.activeManifest?.failure ?? store.validation_status ?? []).map((i) => ({ code: i.code, explanation: i.explanation ?? '' }));
  const untrustedSigner = issues.some((i) => i.code === 'signingCredential.untrusted');
  const failures = issues.filter((i) => i.code !== 'signingCredential.untrusted');
  const state = store.validation_state?.toLowerCase();
  const status = state === 'trusted' ? 'trusted' : state === 'valid' && failures.length === 0 ? 'valid' : 'invalid';
  return { status, manifest, failures, untrustedSigner };
}
