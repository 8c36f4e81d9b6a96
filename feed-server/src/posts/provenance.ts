/**
 * What a post shows about how it was made. The studio sends provenance as free-form JSON (stored as sent, served
 * whole at /api/posts/:id/provenance); a post card shows the part people need at a glance: the generator, whether the
 * file carries Content Credentials (a signed C2PA manifest), the invisible and the visible watermark, the model packs,
 * and the cameos it uses. Cameo owners and consent come from this server's own cameo records, not from what the
 * upload claims; the claimed consent hash is only compared with the registered one.
 *
 * Read leniently: a field of the wrong shape (an older studio, another client) is left out, never an error.
 */
import { z } from 'zod';

export interface PostCameo {
  id: string;
  /** The cameo's owner on this server; null if the cameo record is gone. */
  ownerHandle: string | null;
  /**
   * The consent hash the studio put in the post's provenance, against the one the owner registered: 'matches',
   * 'differs' (the owner re-recorded consent since, or the claim is wrong) or 'not stated'.
   */
  consent: 'matches' | 'differs' | 'not stated';
}

export interface PostProvenance {
  generator: string | null;
  contentCredentials: boolean;
  invisibleWatermark: boolean;
  visibleWatermark: boolean;
  modelPacks: string[];
  cameos: PostCameo[];
}

const text = (max: number) => z.string().trim().min(1).max(max);
const flag = z.boolean().optional().catch(undefined);

const ClaimedProvenance = z
  .object({
    generator: text(80).optional().catch(undefined),
    c2pa: flag,
    invisibleWatermark: flag,
    visibleWatermark: flag,
    // Exports list every pack their takes came from ("id version"); a single take names one pack.
    modelPacks: z.array(text(200)).max(16).optional().catch(undefined),
    modelPack: z.object({ id: text(128), version: text(64) }).optional().catch(undefined),
    cameos: z
      .array(z.object({ id: z.string(), consentHash: z.string().optional().catch(undefined) }))
      .max(64)
      .optional()
      .catch(undefined),
  })
  .catch({});

/** A registered cameo of the post: its id, owner and consent hash as this server knows them. */
export interface CameoOnRecord {
  id: string;
  ownerHandle: string | null;
  consentHash: string | null;
}

const bareHash = (hash: string) => hash.trim().toLowerCase().replace(/^sha256:/, '');

/** The post card's provenance from the stored JSON (`storedJson`) and the post's cameos on record. */
export function postProvenance(storedJson: string, cameos: readonly CameoOnRecord[]): PostProvenance {
  let raw: unknown;
  try {
    raw = JSON.parse(storedJson);
  } catch {
    raw = {};
  }
  const claim = ClaimedProvenance.parse(raw);
  const claimedConsent = new Map((claim.cameos ?? []).filter((c) => c.consentHash).map((c) => [c.id, bareHash(c.consentHash!)]));
  const modelPacks = claim.modelPacks ?? (claim.modelPack ? [`${claim.modelPack.id} ${claim.modelPack.version}`] : []);
  return {
    generator: claim.generator ?? null,
    contentCredentials: claim.c2pa === true,
    invisibleWatermark: claim.invisibleWatermark === true,
    visibleWatermark: claim.visibleWatermark === true,
    modelPacks: [...new Set(modelPacks)],
    cameos: [...cameos]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((cameo) => {
        const claimed = claimedConsent.get(cameo.id);
        const consent = claimed === undefined ? 'not stated' : cameo.consentHash !== null && bareHash(cameo.consentHash) === claimed ? 'matches' : 'differs';
        return { id: cameo.id, ownerHandle: cameo.ownerHandle, consent };
      }),
  };
}
