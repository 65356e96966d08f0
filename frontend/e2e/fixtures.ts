// Test data built through the API: a contest with submitted entries, judges,
// a round, its assignment, scores and published results.
import { ADMIN, ApiClient, contestBody, inMinutes, pooledUser, tinyPdf, uniq, uploadViaApi } from './harness';

export const PASSWORD = 'a long enough passphrase';

export interface Fixture {
  slug: string;
  admin: ApiClient;
  judges: { email: string; api: ApiClient }[];
  teams: { id: number; name: string; title: string; track: string; api: ApiClient }[];
  roundId?: number;
}

/** A contest with `teams` submitted entries (alternating tracks) and `judges` judges. */
export async function contestWithEntries(teams: number, judges: number, title = 'Clean Water Prize', withNotes = false): Promise<Fixture> {
  const admin = new ApiClient();
  await admin.login(ADMIN.email, ADMIN.password);
  const slug = `e2e-${uniq()}`;
  const body = contestBody(slug, title);
  if (withNotes) body.files.push({ key: 'notes', label: 'Notes', required: false, max_bytes: 1024 * 1024, types: ['.txt'] });
  await admin.call('POST', '/contests', body);
  const fx: Fixture = { slug, admin, judges: [], teams: [] };
  for (let i = 0; i < judges; i++) {
    const { email, api } = await pooledUser(`judge${i + 1}`, `Judge ${String.fromCharCode(65 + i)}`, PASSWORD);
    await admin.call('POST', `/contests/${slug}/members`, { email, role: 'judge', tracks: ['ai', 'health'], organization: `Judging org ${i + 1}` });
    fx.judges.push({ email, api });
  }
  const names = ['River Guardians', 'Aqua Sense', 'Drop by Drop', 'Blue Loop', 'Well Done', 'Filter Forward'];
  for (let i = 0; i < teams; i++) {
    const { api } = await pooledUser(`captain${i + 1}`, `Captain ${i + 1}`, PASSWORD);
    const name = `${names[i % names.length]} ${uniq().slice(-3)}`;
    const track = i % 2 === 0 ? 'ai' : 'health';
    const team = await api.call<{ id: number }>('POST', `/contests/${slug}/teams`, { name, track });
    const entryTitle = `${names[i % names.length]}: project ${i + 1} (${slug.slice(-4)})`;
    await api.call('PUT', `/teams/${team.id}/submission`, { title: entryTitle, abstract: 'An entry created by the browser tests.', fields: { summary: 'Clean water for everyone.', stage: 'prototype' } });
    await uploadViaApi(api, team.id, 'deck', `deck-${i + 1}.pdf`, tinyPdf(`team ${i + 1}`));
    if (withNotes) await uploadViaApi(api, team.id, 'notes', 'notes.txt', Buffer.from(`Notes of team ${i + 1}: plain text, shown as text.\nEven <b>markup</b> stays text.\n`), 'text/plain');
    await api.call('POST', `/teams/${team.id}/submission/submit`, {});
    fx.teams.push({ id: team.id, name, title: entryTitle, track, api });
  }
  return fx;
}

export const RUBRIC = [
  { id: 'innovation', label: 'Innovation', weight: 3, min: 1, max: 5 },
  { id: 'impact', label: 'Impact', weight: 2, min: 1, max: 5 },
];

/** Creates a round (mean method, k judges per entry) and returns its id. */
export async function createRound(fx: Fixture, k: number, blind = true): Promise<number> {
  const r = await fx.admin.call<{ id: number }>('POST', `/contests/${fx.slug}/rounds`, {
    name: 'Preliminary',
    rubric: RUBRIC,
    judges_per_entry: k,
    blind,
    method: 'mean',
    closes_at: inMinutes(60 * 48),
  });
  fx.roundId = r.id;
  return r.id;
}

/** Every judge scores every assignment: better entries (lower index) get higher scores. */
export async function scoreAll(fx: Fixture): Promise<void> {
  for (const j of fx.judges) {
    const list = await j.api.call<unknown>('GET', '/me/assignments');
    const items = (Array.isArray(list) ? list : ((list as { items?: unknown[] }).items ?? [])) as { id: number; entry_id: number; round_id: number; status: string }[];
    for (const a of items.filter((x) => String(x.round_id) === String(fx.roundId) && x.status !== 'conflict')) {
      const view = await j.api.call<{ title: string; round: { rubric: { id: string; min: number; max: number }[] } }>('GET', `/assignments/${a.id}`);
      const idx = fx.teams.findIndex((t) => t.title === view.title);
      const values = Object.fromEntries(view.round.rubric.map((c) => [c.id, Math.max(c.min, Math.min(c.max, c.max - idx))]));
      await j.api.call('PUT', `/assignments/${a.id}/score`, { values, comment: 'Scored by the browser tests.', final: true });
    }
  }
}

/** Runs the whole judging and publishes awards for the top entries of each track. */
export async function publishedContest(): Promise<Fixture & { awards: { title: string; award: string }[] }> {
  const fx = await contestWithEntries(4, 2, 'Solar Schools Award');
  const roundId = await createRound(fx, 2);
  await fx.admin.call('POST', `/rounds/${roundId}/assign`, {});
  await scoreAll(fx);
  const awards = [
    { team: fx.teams[0], award: 'First prize' },
    { team: fx.teams[1], award: 'First prize' },
    { team: fx.teams[2], award: 'Special mention' },
  ];
  const ids = await entryIds(fx);
  await fx.admin.call('POST', `/contests/${fx.slug}/results`, {
    awards: awards.map((a) => ({ entry_id: ids.get(a.team.title), award: a.award })),
    publish: true,
  });
  return { ...fx, awards: awards.map((a) => ({ title: a.team.title, award: a.award })) };
}

/** Entry ids (submission ids) by entry title, from the round's ranking. */
export async function entryIds(fx: Fixture): Promise<Map<string, number>> {
  const r = await fx.admin.call<unknown>('GET', `/rounds/${fx.roundId}/ranking`);
  const lists = (Array.isArray(r) ? r : [r]) as { entries?: { entry_id: number; title: string }[] }[];
  const m = new Map<string, number>();
  for (const l of lists) for (const e of l.entries ?? []) m.set(e.title, e.entry_id);
  return m;
}

/**
 * A valid PDF of `pages` pages, each with a line of Helvetica text ("Page N"
 * and `text`); with `imageBytes`, the last page also shows a noisy RGB image
 * of about that size (a large file whose first page needs little of it).
 */
export function textPdf(pages: number, text: string, info = '/Producer (e2e)', imageBytes = 0): Buffer {
  const objs: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${5 + 2 * i} 0 R`);
  const image = 5 + 2 * pages;
  objs.push('<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', `<< ${info} >>`);
  for (let i = 0; i < pages; i++) {
    const words = i === 26 ? `${text} - desalination budget` : text;
    const withImage = imageBytes > 0 && i === pages - 1;
    const content = `BT /F1 36 Tf 72 700 Td (Page ${i + 1}) Tj 0 -60 Td /F1 18 Tf (${words}) Tj ET 0.2 0.4 0.8 rg 72 100 468 300 re f${withImage ? ' q 200 0 0 200 72 420 cm /Im0 Do Q' : ''}`;
    const xobject = withImage ? ` /XObject << /Im0 ${image} 0 R >>` : '';
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>${xobject} >> /Contents ${6 + 2 * i} 0 R >>`, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  if (imageBytes > 0) {
    // Printable bytes only, so that string lengths are byte counts.
    const side = Math.floor(Math.sqrt(imageBytes / 3));
    let seed = 7;
    const data = Array.from({ length: side * side * 3 }, () => String.fromCharCode(32 + ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 95))).join('');
    objs.push(`<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${data.length} >>\nstream\n${data}\nendstream`);
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
