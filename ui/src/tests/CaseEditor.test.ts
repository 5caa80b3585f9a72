import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { CaseChange, CaseDetails } from '../lib/ipc';
import { mockBackend } from '../lib/ipc/testing';
import CaseEditor from '../lib/components/CaseEditor.svelte';

const initial: CaseDetails = {
  victim_initials: 'AB',
  order_terms: null,
  default_region: 'IE',
  persons: [
    { id: 1, name: 'Jay Doe', relationship: null, description: null, identifiers: [{ kind: 'phone', value: '087 123 4567' }] },
  ],
};

describe('case details', () => {
  it('saves an added number as that one change, never the whole case, and opens a person’s page', async () => {
    // What core has now: an import added a second number after the screen opened.
    const now: CaseDetails = {
      ...initial,
      persons: [{ ...initial.persons[0]!, identifiers: [...initial.persons[0]!.identifiers, { kind: 'phone', value: '087 000 0000' }] }],
    };
    let sent: CaseChange[] = [];
    const backend = mockBackend({
      change_case: ({ changes }: { changes: CaseChange[] }) => {
        sent = changes;
        const jay = now.persons[0]!;
        return { ...now, persons: [{ ...jay, identifiers: [...jay.identifiers, { kind: 'email', value: 'jay@example.com' }] }] };
      },
    });
    const saved: CaseDetails[] = [];
    const pages: number[] = [];
    render(CaseEditor, {
      props: { mode: 'edit', initial, onSaved: (c: CaseDetails) => saved.push(c), onOpenPerson: (id: number) => pages.push(id) },
    });
    await fireEvent.click(screen.getByTestId('identifier-add'));
    const kinds = screen.getAllByTestId('identifier-kind');
    await fireEvent.change(kinds.at(-1)!, { target: { value: 'email' } });
    await fireEvent.input(screen.getAllByTestId('identifier-value').at(-1)!, { target: { value: 'jay@example.com' } });
    await fireEvent.click(screen.getByTestId('case-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(sent).toEqual([{ change: 'add_identifier', person_id: 1, identifier: { kind: 'email', value: 'jay@example.com' } }]);
    expect(backend.of('set_case')).toHaveLength(0);
    // The form now shows the case as core has it, the import's number included.
    await waitFor(() => expect(screen.getAllByTestId('identifier-value')).toHaveLength(3));

    // Saving again with nothing changed asks nothing.
    await fireEvent.click(screen.getByTestId('case-save'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(backend.of('change_case')).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('person-page-open'));
    expect(pages).toEqual([1]);
  });
});
