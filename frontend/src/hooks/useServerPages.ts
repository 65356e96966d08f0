import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Id } from '../api/model';
import type { MoreRows } from '../components/DataTable';

/** A page of a list the server pages with ?after= (next_after: the next page's after, 0 on the last). */
export interface ServerPage<T> {
  items?: T[] | null;
  next_after: Id;
}

/**
 * A list the server pages (the organizers' team and members lists): the
 * rows loaded so far, and the DataTable's "more" button that asks for the
 * next page. `list` is the query itself (pending, error, refetch).
 */
export function useServerPages<T>(queryKey: QueryKey, page: (after: Id) => Promise<ServerPage<T>>, moreLabel: ReactNode) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => page(pageParam),
    initialPageParam: 0 as Id,
    getNextPageParam: (last) => (last.next_after && Number(last.next_after) !== 0 ? last.next_after : undefined),
    retry: false,
  });
  const rows = list.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const more: MoreRows = { hasMore: list.hasNextPage, loading: list.isFetchingNextPage, onMore: () => void list.fetchNextPage(), label: moreLabel };
  return { list, rows, more };
}
