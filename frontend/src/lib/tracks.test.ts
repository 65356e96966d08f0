import { describe, expect, it } from 'vitest';
import { shownTracks } from './tracks';

describe('shownTracks', () => {
  it('hides the general track of a contest created without tracks', () => {
    expect(shownTracks([{ slug: 'general', title: 'General' }])).toEqual([]);
  });
  it('keeps real tracks, a general one among them too', () => {
    const tracks = [
      { slug: 'general', title: 'General' },
      { slug: 'ai', title: 'AI' },
    ];
    expect(shownTracks(tracks)).toEqual(tracks);
    expect(shownTracks([{ slug: 'open', title: 'Open track' }])).toEqual([{ slug: 'open', title: 'Open track' }]);
  });
  it('treats missing tracks as none', () => {
    expect(shownTracks(undefined)).toEqual([]);
  });
});
