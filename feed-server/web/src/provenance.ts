import type { Post } from './api.js';
import { h } from './dom.js';

const CONSENT: Record<Post['provenance']['cameos'][number]['consent'], string> = {
  matches: 'consent on record',
  differs: 'consent re-recorded since',
  'not stated': 'consent not stated',
};

/**
 * How a post was made, under its prompt: one line (generator, Content Credentials, watermarks) that opens to the model
 * packs and the cameos, with their owners as this feed knows them. Text only (textContent), so nothing in it runs.
 */
export function provenanceDetails(provenance: Post['provenance']): HTMLElement | null {
  const marks = [
    provenance.generator ? `Made with ${provenance.generator}` : null,
    provenance.contentCredentials ? 'Content Credentials' : null,
    provenance.invisibleWatermark ? 'invisible watermark' : null,
    provenance.visibleWatermark ? 'visible mark' : null,
    provenance.cameos.length > 0 ? `${provenance.cameos.length} cameo${provenance.cameos.length === 1 ? '' : 's'}` : null,
  ].filter((m): m is string => m !== null);
  if (marks.length === 0 && provenance.modelPacks.length === 0) return null;
  return h(
    'details',
    { class: 'provenance' },
    h('summary', {}, marks.join(' · ') || 'Provenance'),
    h(
      'ul',
      {},
      ...provenance.modelPacks.map((pack) => h('li', { class: 'model-pack' }, `Model: ${pack}`)),
      ...provenance.cameos.map((cameo) =>
        h('li', { class: 'cameo', 'data-cameo-id': cameo.id }, cameo.ownerHandle ? `Cameo of @${cameo.ownerHandle} · ${CONSENT[cameo.consent]}` : 'A cameo whose record is gone'),
      ),
    ),
  );
}
