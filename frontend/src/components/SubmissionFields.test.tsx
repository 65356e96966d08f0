import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { FileSlot, FormField } from '../api/model';
import { checkFile, serverFieldError, validateSubmission } from '../lib/form';
import { SubmissionFields, type SubmissionValues } from './SubmissionFields';

const form: FormField[] = [
  { key: 'team_size_note', label: 'Who is in the team', type: 'text', required: false },
  { key: 'summary', label: 'Summary', type: 'textarea', required: true },
  { key: 'demo', label: 'Demo link', type: 'url', required: false },
  { key: 'stage', label: 'Stage', type: 'select', required: true, options: ['idea', 'prototype', 'product'] },
];

function Harness({ errors = {} }: { errors?: Record<string, string> }) {
  const [v, setV] = useState<SubmissionValues>({ title: '', abstract: '', fields: {} });
  return (
    <SubmissionFields
      form={form}
      values={v}
      errorFor={(k) => errors[k]}
      onChange={(k, x, isField) => setV((p) => (isField ? { ...p, fields: { ...p.fields, [k]: x } } : { ...p, [k]: x }))}
    />
  );
}

describe('SubmissionFields', () => {
  it('renders one labelled control per field, of the right kind', () => {
    render(<Harness />);
    expect(screen.getByLabelText(/Project title/)).toHaveAttribute('required');
    expect(screen.getByLabelText(/Summary/).tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText(/Demo link/)).toHaveAttribute('type', 'url');
    const stage = screen.getByLabelText(/Stage/);
    expect(stage.tagName).toBe('SELECT');
    expect([...(stage as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'idea', 'prototype', 'product']);
    expect(screen.getByLabelText(/Who is in the team/)).not.toHaveAttribute('required');
  });

  it('shows each error next to its field and links it for assistive tech', () => {
    render(<Harness errors={{ summary: 'Summary is too short', demo: 'not a link' }} />);
    const summary = screen.getByLabelText(/Summary/);
    expect(summary).toHaveAttribute('aria-invalid', 'true');
    expect(summary).toHaveAccessibleDescription('Summary is too short');
    expect(screen.getByLabelText(/Demo link/)).toHaveAccessibleDescription(/not a link/);
    expect(screen.getByLabelText(/Stage/)).not.toHaveAttribute('aria-invalid');
  });

  it('is editable', async () => {
    render(<Harness />);
    await userEvent.type(screen.getByLabelText(/Summary/), 'A better bicycle');
    await userEvent.selectOptions(screen.getByLabelText(/Stage/), 'prototype');
    expect(screen.getByLabelText(/Summary/)).toHaveValue('A better bicycle');
    expect(screen.getByLabelText(/Stage/)).toHaveValue('prototype');
  });
});

describe('validateSubmission', () => {
  const empty = { title: '', abstract: '', fields: {} };
  it('asks for required fields only on final submit', () => {
    expect(validateSubmission(form, empty, false)).toEqual({});
    expect(Object.keys(validateSubmission(form, empty, true)).sort()).toEqual(['stage', 'summary', 'title']);
  });
  it('checks links and options', () => {
    const e = validateSubmission(form, { title: 't', abstract: '', fields: { summary: 's', stage: 'other', demo: 'javascript:alert(1)' } }, true);
    expect(e).toEqual({ demo: { key: 'validation.url' }, stage: { key: 'validation.option' } });
  });
  it('finds server messages whatever the naming', () => {
    expect(serverFieldError({ 'fields.summary': 'required' }, 'summary')).toBe('required');
    expect(serverFieldError({ summary: 'too long' }, 'summary')).toBe('too long');
    expect(serverFieldError({ 'fields[summary]': 'x' }, 'summary')).toBe('x');
    expect(serverFieldError(undefined, 'summary')).toBeUndefined();
  });
});

describe('checkFile', () => {
  const slot: FileSlot = { key: 'deck', label: 'Deck', required: true, max_bytes: 1000, types: ['.pdf'] };
  it('checks extension (case-insensitive) and size', () => {
    expect(checkFile(slot, { name: 'Deck.PDF', size: 10 })).toBeNull();
    expect(checkFile(slot, { name: 'deck.exe', size: 10 })?.key).toBe('validation.fileType');
    expect(checkFile(slot, { name: 'deck.pdf', size: 1001 })?.key).toBe('validation.fileSize');
    expect(checkFile({ ...slot, types: [] }, { name: 'anything', size: 1 })).toBeNull();
  });
});
