import { act, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import i18n from 'i18next';
import type { ReceiptView } from '../api/model';
import { keys } from '../api/keys';
import { renderAt, testUser } from '../testing';
import { ReceiptPage } from './Receipt';

const HASH = 'ab'.repeat(32);

// A receipt whose video was submitted while its SHA-256 was being computed.
const pending: ReceiptView = {
  receipt: {
    submission_id: 70,
    team_id: 7,
    version: 1,
    submitted_at: '2026-12-01T09:00:00Z',
    title: 'Owl power',
    abstract: '',
    fields: {},
    files: [{ file_id: 'f1', slot: 'video', filename: 'demo.mp4', size: 1 << 30, sha256: '', sha256_pending: true }],
    digest: 'cd'.repeat(32),
  },
  checks: {},
  fingerprints: {},
  team: { id: 7, name: 'Owls', track: 'Energy' },
  contest: { slug: 'green', title: 'Green', timezone: 'Asia/Shanghai', form: [], files: [{ key: 'video', label: 'Demo video' }] },
};

function renderReceipt() {
  let set: (v: ReceiptView) => void = () => {};
  renderAt('/teams/7/receipt/1', <Route path="teams/:id/receipt/:version" element={<ReceiptPage />} />, testUser({ id: 1 }), (qc) => {
    qc.setQueryData(keys.receiptView('7', 1), pending);
    set = (v) => qc.setQueryData(keys.receiptView('7', 1), v);
  });
  return set;
}

afterEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('the receipt of a file whose fingerprint was pending', () => {
  for (const [lang, waiting, later] of [
    ['en', /Fingerprint pending/, /computed from the stored file after the submission/],
    ['zh-CN', /指纹计算中/, /提交后根据已保存的文件计算/],
  ] as const) {
    it(`says it is pending, never a SHA-256, then shows the one computed (${lang})`, async () => {
      await act(() => i18n.changeLanguage(lang));
      const set = renderReceipt();
      expect(screen.getByTestId('fingerprint-pending')).toHaveTextContent(waiting);
      expect(screen.queryByText(HASH)).toBeNull();
      await act(async () => set({ ...pending, fingerprints: { f1: HASH } }));
      expect(await screen.findByText(HASH)).toBeInTheDocument();
      expect(screen.queryByTestId('fingerprint-pending')).toBeNull();
      expect(screen.getByText(later)).toBeInTheDocument();
    });
  }
});
