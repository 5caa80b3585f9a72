import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { EntryFields } from '../lib/ipc';
import { deferred, mockBackend } from '../lib/ipc/testing';
import QuickLog from '../lib/components/QuickLog.svelte';

const persons = [{ id: 1, name: 'Mark', relationship: 'ex-partner', description: null, identifiers: [] }];

function setup() {
  render(QuickLog, { props: { persons, onOpen: () => {} } });
  const status = screen.getByTestId('log-status');
  return { status };
}

/** An element's text with its spacing collapsed, as it reads. */
const said = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ');

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe('quick log', () => {
  it('shows "Saved." beside Save, where the person is', async () => {
    mockBackend({ add_entry: () => 7, get_entry_summary: () => null });
    const { status } = setup();
    await fireEvent.click(screen.getByTestId('kind-call'));
    await type('log-title', 'Withheld call');
    await fireEvent.click(screen.getByTestId('log-save'));
    await waitFor(() => expect(status.textContent).toBe('Saved.'));
    expect(status.parentElement).toBe(screen.getByTestId('log-save').parentElement);
    expect(status.getAttribute('aria-live')).toBe('polite');
    // The keyboard is on "Open the entry you just saved", beside the status.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('log-open-saved')));
    await fireEvent.click(screen.getByTestId('log-another'));
    expect(document.activeElement).toBe(screen.getByTestId('kind-call'));
    expect(screen.queryByTestId('log-open-saved')).toBeNull();
  });

  it('says that the "Witnesses…" expander opens, and whether it is open', async () => {
    mockBackend({});
    setup();
    const summary = screen.getByTestId('log-more');
    expect(summary.getAttribute('aria-expanded')).toBe('false');
    expect(summary.textContent).toContain('▸');
    expect(summary.textContent).toContain('show more fields');
    const details = summary.closest('details')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await waitFor(() => expect(summary.getAttribute('aria-expanded')).toBe('true'));
    expect(summary.textContent).toContain('▾');
  });

  it('says "Saved" only after add_entry resolves, and sends the call’s fields', async () => {
    const pending = deferred<number>();
    const backend = mockBackend({ add_entry: () => pending.promise });
    const { status } = setup();

    await fireEvent.click(screen.getByTestId('kind-call'));
    await type('log-title', 'Withheld call');
    await type('log-identifier', '07700 900123');
    await fireEvent.change(screen.getByTestId('log-direction'), { target: { value: 'missed' } });
    await type('log-duration', '0:45');
    await fireEvent.change(screen.getByTestId('log-person'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('log-save'));

    await waitFor(() => expect(backend.of('add_entry')).toHaveLength(1));
    expect(status.textContent).not.toMatch(/Saved/);
    const sent = (backend.of('add_entry')[0]!.args as { fields: EntryFields }).fields;
    expect(sent).toMatchObject({
      kind: 'call',
      title: 'Withheld call',
      identifier: '07700 900123',
      call: { direction: 'missed', duration_secs: 45 },
      person_id: 1,
      source: { type: 'manual' },
    });
    expect(sent.occurred.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);

    pending.resolve(42);
    await waitFor(() => expect(status.textContent).toMatch(/Saved/));
    // The form is ready for the next one.
    expect((screen.getByTestId('log-title') as HTMLInputElement).value).toBe('');
  });

  it('keeps every word when saving fails, and says so calmly', async () => {
    mockBackend({ add_entry: () => Promise.reject({ message: 'the disk is full' }) });
    const { status } = setup();
    await fireEvent.click(screen.getByTestId('kind-text_message'));
    await type('log-title', 'Message at 3am');
    await type('log-narrative', 'You can’t hide from me');
    await type('log-channel', 'WhatsApp');
    await fireEvent.click(screen.getByTestId('log-save'));

    await screen.findByText('Something went wrong: the disk is full. Nothing was lost.');
    expect(status.textContent).not.toMatch(/Saved/);
    expect((screen.getByTestId('log-title') as HTMLInputElement).value).toBe('Message at 3am');
    expect((screen.getByTestId('log-narrative') as HTMLTextAreaElement).value).toBe('You can’t hide from me');
    expect((screen.getByTestId('log-channel') as HTMLInputElement).value).toBe('WhatsApp');
    expect((screen.getByTestId('kind-text_message') as HTMLInputElement).checked).toBe(true);
  });

  it('asks for a kind before sending anything', async () => {
    const backend = mockBackend({ add_entry: () => 1 });
    setup();
    await type('log-narrative', 'something happened');
    await fireEvent.click(screen.getByTestId('log-save'));
    await screen.findByText('Choose what kind of thing happened.');
    expect(backend.of('add_entry')).toHaveLength(0);
  });

  it('saves with Ctrl+Enter', async () => {
    const backend = mockBackend({ add_entry: () => 5 });
    const { status } = setup();
    await fireEvent.click(screen.getByTestId('kind-threat'));
    await fireEvent.keyDown(screen.getByTestId('log-narrative'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(status.textContent).toMatch(/Saved/));
    expect((backend.of('add_entry')[0]!.args as { fields: EntryFields }).fields.title).toBe('Threat');
  });

  it('attaches picked files after the entry exists, and only then says "Saved"', async () => {
    const attach = deferred<unknown>();
    const backend = mockBackend({ add_entry: () => 7, attach_bytes: () => attach.promise });
    const { status } = setup();
    await fireEvent.click(screen.getByTestId('kind-text_message'));
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'Zrzut ekranu 1.png', { type: 'image/png' });
    await fireEvent.change(screen.getByTestId('log-file-input'), { target: { files: [file] } });
    expect(screen.getAllByTestId('log-pending-file')).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('log-save'));
    await waitFor(() => expect(backend.of('attach_bytes')).toHaveLength(1));
    const call = backend.of('attach_bytes')[0]!;
    expect(call.headers).toEqual({
      'x-entry-id': '7',
      'x-file-name': 'Zrzut%20ekranu%201.png',
      'x-source': 'picker',
    });
    expect(Array.from(call.args as Uint8Array)).toEqual([137, 80, 78, 71]);
    expect(status.textContent).not.toMatch(/Saved/);

    attach.resolve({});
    await waitFor(() => expect(status.textContent).toMatch(/Saved/));
    expect(screen.queryAllByTestId('log-pending-file')).toHaveLength(0);
  });

  it('keeps a file that failed to attach and retries it on the same entry', async () => {
    let tries = 0;
    const backend = mockBackend({
      add_entry: () => 9,
      attach_bytes: () => (++tries === 1 ? Promise.reject({ message: 'could not read it' }) : {}),
    });
    const { status } = setup();
    await fireEvent.click(screen.getByTestId('kind-other'));
    await fireEvent.change(screen.getByTestId('log-file-input'), {
      target: { files: [new File(['%PDF'], 'letter.pdf', { type: 'application/pdf' })] },
    });
    await fireEvent.click(screen.getByTestId('log-save'));
    await screen.findByText(/Not added: could not read it/);
    expect(status.textContent).not.toMatch(/Saved/);

    await fireEvent.click(screen.getByTestId('log-save'));
    await waitFor(() => expect(status.textContent).toMatch(/Saved/));
    expect(backend.of('add_entry')).toHaveLength(1);
    expect(backend.of('attach_bytes').map((c) => c.headers?.['x-entry-id'])).toEqual(['9', '9']);
  });
});

describe('quick log files', () => {
  it('takes a pasted screenshot and a dropped file, naming the paste by its time', async () => {
    const backend = mockBackend({ add_entry: () => 3, attach_bytes: () => ({}) });
    render(QuickLog, { props: { persons: [], onOpen: () => {} } });
    await fireEvent.click(screen.getByTestId('kind-social_media'));

    const shot = new File([new Uint8Array([1])], 'image.png', { type: 'image/png' });
    await fireEvent.paste(document, { clipboardData: { files: [shot], items: [] } });
    const doc = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await fireEvent.drop(window, { dataTransfer: { files: [doc], items: [] } });

    const pending = screen.getAllByTestId('log-pending-file');
    expect(pending).toHaveLength(2);
    expect(pending[0]!.textContent).toMatch(/Pasted \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}\.png/);
    expect(pending[1]!.textContent).toContain('notes.txt');
    // The raster paste gets a preview from memory; the text file does not.
    expect(pending[0]!.querySelector('img')?.getAttribute('src')).toMatch(/^blob:/);
    expect(pending[1]!.querySelector('img')).toBeNull();

    await fireEvent.click(screen.getByTestId('log-save'));
    await waitFor(() => expect(screen.getByTestId('log-status').textContent).toMatch(/Saved/));
    expect(backend.of('attach_bytes').map((c) => c.headers?.['x-source'])).toEqual(['paste', 'drop']);
  });

  it('lets plain text paste into a field as usual', async () => {
    mockBackend({});
    render(QuickLog, { props: { persons: [], onOpen: () => {} } });
    const ev = new Event('paste', { bubbles: true, cancelable: true });
    Object.assign(ev, { clipboardData: { files: [], items: [] } });
    screen.getByTestId('log-narrative').dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(false);
    expect(screen.queryAllByTestId('log-pending-file')).toHaveLength(0);
  });

  it('links a known number to its person before saving, and Undo puts the choice back', async () => {
    const backend = mockBackend({
      match_identifier: ({ typed }: { typed: string }) =>
        typed === '07700 900123'
          ? { outcome: 'person', person_id: 1, name: 'Mark', matched: { kind: 'phone', value: '+44 7700 900123' } }
          : { outcome: 'no_one', identifier: { kind: 'phone', value: typed } },
      add_entry: () => 3,
    });
    setup();
    await fireEvent.click(screen.getByTestId('kind-call'));
    await type('log-identifier', '07700 900123');
    const note = screen.getByTestId('log-identifier-link');
    await waitFor(() => expect(said(note)).toMatch(/Linked to Mark: 07700 900123 is their number \(\+44 7700 900123\)\./));
    const person = screen.getByTestId('log-person') as HTMLSelectElement;
    expect(person.value).toBe('1');
    expect(backend.of('match_identifier').at(-1)!.args).toEqual({ typed: '07700 900123' });

    await fireEvent.click(screen.getByTestId('log-identifier-undo'));
    expect(person.value).toBe('');
    expect(said(note)).toMatch(/is Mark’s \(\+44 7700 900123\); this entry is not linked to them/);
    await fireEvent.click(screen.getByTestId('log-identifier-relink'));
    expect(person.value).toBe('1');

    // Another number unlinks what the match linked.
    await type('log-identifier', '07700 900999');
    await waitFor(() => expect(said(note)).toMatch(/No one in the case has 07700 900999/));
    expect(person.value).toBe('');
    await fireEvent.click(screen.getByTestId('log-save'));
    await waitFor(() => expect(backend.of('add_entry')).toHaveLength(1));
    expect((backend.of('add_entry')[0]!.args as { fields: EntryFields }).fields.person_id ?? null).toBeNull();
  });

  it('never links a withheld number, and adds a new one to the person chosen', async () => {
    let added = false;
    const backend = mockBackend({
      match_identifier: ({ typed }: { typed: string }) =>
        typed === 'Private'
          ? { outcome: 'withheld' }
          : added
            ? { outcome: 'person', person_id: 1, name: 'Mark', matched: { kind: 'phone', value: typed } }
            : { outcome: 'no_one', identifier: { kind: 'phone', value: typed } },
      add_identifiers: () => {
        added = true;
        return 1;
      },
    });
    setup();
    await fireEvent.click(screen.getByTestId('kind-call'));
    await type('log-identifier', 'Private');
    const note = screen.getByTestId('log-identifier-link');
    await waitFor(() => expect(said(note)).toMatch(/“Private” is a withheld number: it links to no one/));
    const person = screen.getByTestId('log-person') as HTMLSelectElement;
    expect(person.value).toBe('');

    await type('log-identifier', '07700 900555');
    await waitFor(() => expect(said(note)).toMatch(/No one in the case has 07700 900555/));
    expect(screen.getByLabelText('Add it to')).toBe(screen.getByTestId('log-identifier-add-to'));
    await fireEvent.change(screen.getByTestId('log-identifier-add-to'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('log-identifier-add'));
    await waitFor(() => expect(said(note)).toMatch(/Linked to Mark/));
    expect(backend.of('add_identifiers')[0]!.args).toEqual({
      personId: 1,
      identifiers: [{ kind: 'phone', value: '07700 900555' }],
    });
    expect(person.value).toBe('1');
  });
});
