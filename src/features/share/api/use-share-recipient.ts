/** The recipient page's queries and mutations over open-share.ts. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ShareLink } from '../share-link';
import { downloadShare, openShare, shareFileKey, shareState, type OpenedShare } from './open-share';

/** Whether the link still works (a 410 arrives as ShareGoneError). */
export function useShareState(link: ShareLink) {
  return useQuery({ queryKey: ['share', 'state', link.kind === 'stored' ? link.id : link.url], queryFn: () => shareState(link), retry: false });
}

/** Mutation: key from the link (and password), then the authenticated header. Resolves null for a wrong password. */
export function useOpenShare(link: ShareLink) {
  return useMutation({
    mutationFn: async (password?: string): Promise<OpenedShare | null> => {
      const fileKey = await shareFileKey(link, password);
      return fileKey === null ? null : openShare(link, fileKey);
    },
  });
}

/** Mutation: one counted download, with progress. */
export function useDownloadShare(link: ShareLink) {
  const [released, setReleased] = useState(0);
  const mutation = useMutation({ mutationFn: (opened: OpenedShare) => downloadShare(link, opened, setReleased) });
  return { ...mutation, released };
}
