import { describe, expect, it } from 'vitest';
import { judgesToChase } from './progress';

type Row = { judge_id: number; name: string; email: string; pending: number; overdue: number };

/** A judge with a name, and pending and overdue counts. */
function j(judge_id: number, name: string, pending = 0, overdue = 0, email = `j${judge_id}@example.org`): Row {
  return { judge_id, name, email, pending, overdue };
}

describe('the order of judges in a round’s progress', () => {
  const cases: { name: string; lang: string; judges: Row[]; want: string[] }[] = [
    {
      name: 'numbers in names in natural order, not as text',
      lang: 'en',
      judges: [j(1, 'Judge 100'), j(2, 'Judge 10'), j(3, 'Judge 2'), j(4, 'Judge 1')],
      want: ['Judge 1', 'Judge 2', 'Judge 10', 'Judge 100'],
    },
    {
      name: 'the most overdue first, whatever their names',
      lang: 'en',
      judges: [j(1, 'Judge 1', 3, 0), j(2, 'Judge 2', 5, 5), j(3, 'Judge 300', 9, 9), j(4, 'Judge 4')],
      want: ['Judge 300', 'Judge 2', 'Judge 1', 'Judge 4'],
    },
    {
      name: 'then the most pending, then the name',
      lang: 'en',
      judges: [j(1, 'Judge 3', 1), j(2, 'Judge 20', 4), j(3, 'Judge 5', 4), j(4, 'Judge 1', 0)],
      want: ['Judge 5', 'Judge 20', 'Judge 3', 'Judge 1'],
    },
    {
      name: 'the e-mail stands for a judge without a name',
      lang: 'en',
      judges: [j(1, 'Zoe'), j(2, '', 0, 0, 'adam@example.org'), j(3, 'Bea')],
      want: ['adam@example.org', 'Bea', 'Zoe'],
    },
    {
      name: 'Chinese names by pinyin for a Chinese reader',
      lang: 'zh-CN',
      judges: [j(1, '张三'), j(2, '王五'), j(3, '李四')],
      want: ['李四', '王五', '张三'],
    },
    {
      name: 'numbers in Chinese names in natural order too',
      lang: 'zh-CN',
      judges: [j(1, '评委10'), j(2, '评委2'), j(3, '评委1')],
      want: ['评委1', '评委2', '评委10'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(judgesToChase(c.judges, c.lang).map((r) => r.name || r.email)).toEqual(c.want);
    });
  }

  it('breaks ties on the e-mail, then the id, so live updates do not shuffle rows', () => {
    const rows = [j(2, 'Sam', 0, 0, 'sam.b@example.org'), j(1, 'Sam', 0, 0, 'sam.a@example.org'), j(4, 'Kim', 0, 0, 'k@example.org'), j(3, 'Kim', 0, 0, 'k@example.org')];
    expect(judgesToChase(rows, 'en').map((r) => r.judge_id)).toEqual([3, 4, 1, 2]);
    expect(judgesToChase([...rows].reverse(), 'en').map((r) => r.judge_id)).toEqual([3, 4, 1, 2]);
  });

  it('leaves the given list alone', () => {
    const rows = [j(1, 'B'), j(2, 'A')];
    judgesToChase(rows, 'en');
    expect(rows.map((r) => r.name)).toEqual(['B', 'A']);
  });
});
