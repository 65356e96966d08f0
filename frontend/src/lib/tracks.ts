// Tracks as people should see them. A contest created without tracks gets
// one from the server, "general", so that every team has a track; showing
// it ("General", in English whatever the language) would suggest a choice
// that does not exist.

import type { Track } from '../api/model';

/** The slug of the track the server gives a contest created without tracks. */
export const GENERAL_TRACK = 'general';

/** The tracks worth showing: none for a contest that has only the general track. */
export function shownTracks<T extends Pick<Track, 'slug'>>(tracks: T[] | undefined | null): T[] {
  if (!tracks) return [];
  return tracks.length === 1 && tracks[0].slug === GENERAL_TRACK ? [] : tracks;
}
