import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/engineContext';

/** Reference images of cameos by id (data URLs from `cameos.reference`), fetched once each; null where refused. */
export function useReferenceImages(cameoIds: readonly string[]) {
  const client = useEngineClient();
  const [images, setImages] = useState<Record<string, string | null>>({});
  const key = [...new Set(cameoIds)].sort().join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      if (id in images) continue;
      client.cameos.reference.query({ id }).then(
        ({ dataUrl }) => setImages((m) => ({ ...m, [id]: dataUrl })),
        () => setImages((m) => ({ ...m, [id]: null })),
      );
    }
  }, [key]);
  return images;
}

/** Width / height of an image. */
export function imageAspect(dataUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img.naturalWidth / img.naturalHeight);
    img.onerror = () => reject(new Error('the cameo’s reference image could not be read'));
    img.src = dataUrl;
  });
}
