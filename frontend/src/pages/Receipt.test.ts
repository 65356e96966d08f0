import { describe, expect, it } from 'vitest';
import { receiptAnswers } from './Receipt';

describe('receiptAnswers', () => {
  it('labels the answers in the form order and keeps answers to removed questions', () => {
    const form = [
      { key: 'repo', label: 'Repository' },
      { key: 'stage', label: 'Stage' },
      { key: 'pitch', label: 'Pitch' },
    ];
    expect(receiptAnswers({ stage: 'idea', repo: 'https://git.example.org/x', old: 'kept', pitch: '' }, form)).toEqual([
      { key: 'repo', label: 'Repository', value: 'https://git.example.org/x' },
      { key: 'stage', label: 'Stage', value: 'idea' },
      { key: 'old', label: 'old', value: 'kept' },
    ]);
    expect(receiptAnswers({}, form)).toEqual([]);
  });
});
