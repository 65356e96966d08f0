import { describe, expect, it } from 'vitest';
import { rules } from '../api/rules.gen';
import { fieldOfPath, isKey, isSlug, keyFromLabel, slugFromTitle } from './keys';

describe('keys from labels', () => {
  it.each([
    ['Demo video', 'demo_video'],
    ['What problem do you solve?', 'what_problem_do_you_solve'],
    ['Technical depth', 'technical_depth'],
    ['Résumé (PDF)', 'resume_pdf'],
    ['3D model', 'field_3d_model'],
    ['项目简介', 'field_1'],
    ['', 'field_1'],
    ['A very long label that keeps going well past the forty character limit', 'a_very_long_label_that_keeps_going_well'],
  ])('%j → %s, which the server accepts', (label, want) => {
    const k = keyFromLabel(label, [], 'field', 1);
    expect(k).toBe(want);
    expect(rules.key.pattern.test(k)).toBe(true);
  });

  it('is unique in its list', () => {
    expect(keyFromLabel('Demo video', ['demo_video'], 'field', 2)).toBe('demo_video_2');
    expect(keyFromLabel('Demo video', ['demo_video', 'demo_video_2'], 'field', 3)).toBe('demo_video_3');
    expect(keyFromLabel('项目简介', ['field_2'], 'field', 2)).toBe('field_2_2');
    const long = 'a'.repeat(40);
    const k = keyFromLabel(long, [long], 'field', 1);
    expect(k).toHaveLength(40);
    expect(isKey(k)).toBe(true);
  });

  it('makes slugs the server accepts', () => {
    expect(slugFromTitle('Clean Energy', [], 'track', 1)).toBe('clean-energy');
    expect(slugFromTitle('人工智能', [], 'track', 2)).toBe('track-2');
    expect(slugFromTitle('A', [], 'track', 1)).toBe('track-a');
    expect(slugFromTitle('Clean Energy', ['clean-energy'], 'track', 2)).toBe('clean-energy-2');
    for (const t of ['Clean Energy', '人工智能', 'A']) expect(isSlug(slugFromTitle(t, [], 'track', 1))).toBe(true);
  });

  it('the hyphenated keys the editor used to make are refused', () => {
    expect(isKey('demo-video')).toBe(false);
  });

  it('maps sub-values to their field', () => {
    expect(fieldOfPath('files[0].types[1]')).toBe('files[0].types');
    expect(fieldOfPath('form[2].options[0]')).toBe('form[2].options');
    expect(fieldOfPath('form[2].key')).toBe('form[2].key');
    expect(fieldOfPath('tracks')).toBe('tracks');
  });
});
