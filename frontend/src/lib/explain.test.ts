import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { explanationSentences } from './explain';

const explanation = {
  text: 'Rank 4 of 6 by calibrated score 0.125 (±0.050); …',
  statements: [
    { code: 'rank', params: { rank: 4, of: 6, method: 'calibrated', score: 0.125, uncertainty: 0.05, judges: 3, mean: 71.25, spread: 12.5 } },
    { code: 'disagreement', params: { threshold: 10 } },
    { code: 'judge', params: { judge: 'j1@example.org', total: 80, bias: -1.5, scale: 1.1 } },
    { code: 'judge', params: { judge: 'j2@example.org', total: 62.5 } },
  ],
};

describe('explanationSentences', () => {
  it('words the statements in Chinese, with nothing of the English text', async () => {
    await i18n.changeLanguage('zh-CN');
    const s = explanationSentences(explanation, i18n.t.bind(i18n), 'zh-CN');
    await i18n.changeLanguage('en');
    expect(s).toHaveLength(4);
    expect(s[0]).toContain('排名第 4');
    expect(s[0]).toContain('校准法');
    expect(s[1]).toContain('10');
    expect(s[2]).toBe('j1@example.org 给出 80 分（该评委的偏差 -1.5，尺度 1.1）。');
    expect(s[3]).toBe('j2@example.org 给出 62.5 分。');
    for (const x of s) expect(x).not.toMatch(/Rank|score|gave/);
  });

  it('words them in English', () => {
    const s = explanationSentences(explanation, i18n.t.bind(i18n), 'en');
    expect(s[0]).toBe('Rank 4 of 6 by the Calibrated score 0.125 (±0.05); the raw mean of 3 judges’ totals is 71.3/100, spread 12.5.');
    expect(s[2]).toBe('j1@example.org gave 80 (this judge’s bias -1.5, scale 1.1).');
  });

  it('says a line is provisional while judges are missing', async () => {
    const e = { text: '', statements: [{ code: 'incomplete', params: { judges: 1, planned: 3 } }] };
    expect(explanationSentences(e, i18n.t.bind(i18n), 'en')).toEqual(['Incomplete: 1 of 3 planned judges have scored, so this rank may change.']);
    await i18n.changeLanguage('zh-CN');
    const zh = explanationSentences(e, i18n.t.bind(i18n), 'zh-CN');
    await i18n.changeLanguage('en');
    expect(zh).toEqual(['尚未完成：计划的 3 位评委中已有 1 位评分，排名可能变化。']);
  });

  it('falls back to the server text for an unknown statement, and copes with none', () => {
    expect(explanationSentences({ text: 'T', statements: [{ code: 'new', params: null }] }, i18n.t.bind(i18n), 'en')).toEqual(['T']);
    expect(explanationSentences(null, i18n.t.bind(i18n), 'en')).toEqual([]);
  });
});
