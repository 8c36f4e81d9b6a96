import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fetchMediaUrls, selectMediaUrl } from './mediaSlice';

/** The URL of a project file, asked of the engine once and cached. */
export function useMediaUrl(path: string | null | undefined): string | undefined {
  const dispatch = useAppDispatch();
  const url = useAppSelector((s) => selectMediaUrl(s, path));
  useEffect(() => {
    if (path && !url) void dispatch(fetchMediaUrls([path]));
  }, [dispatch, path, url]);
  return url;
}
