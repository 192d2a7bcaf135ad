import type { PersonView } from '@shared/jit-contract';
import { useState, type KeyboardEvent } from 'react';
import { findJitPeople } from '../api';
import { useAction } from '../hooks/use-action';
import { listOf } from '../jit-form';

export interface ApproverPickerProps {
  idPrefix: string;
  index: number;
  /** The approvers text: account ids, one per line. */
  approvers: string;
  /** Names of the account ids the page knows (saved approvers and people picked here). */
  names: Readonly<Record<string, string>>;
  onAdd: (person: PersonView) => void;
}

/**
 * Names the approvers the list holds (an id Jira does not know says so before Save refuses it)
 * and finds people by name, so nobody has to copy account ids out of Jira.
 */
export function ApproverPicker({ idPrefix, index, approvers, names, onAdd }: ApproverPickerProps) {
  const [query, setQuery] = useState('');
  // The resolver refuses fewer than two characters too; saying so here saves the round trip.
  const [tooShort, setTooShort] = useState(false);
  const search = useAction(findJitPeople);
  const ids = listOf(approvers);
  const testId = (what: string) => `jit-target-${index}-${what}`;
  const people = search.state.status === 'done' && !tooShort ? search.state.data.people : undefined;
  const problem = tooShort ? 'Type at least two characters of a name or email.' : search.state.status === 'failed' ? search.state.message : undefined;

  const find = () => {
    setTooShort(query.trim().length < 2);
    if (query.trim().length >= 2) search.run(query.trim());
  };
  // Enter searches here; it must not submit the settings form around it.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    find();
  };

  return (
    <div className="approver-picker">
      {ids.length > 0 && (
        <ul className="approver-names" data-testid={testId('approver-names')}>
          {ids.map((id) => (
            <li key={id} className={names[id] ? undefined : 'muted'} data-testid={testId('approver-name')}>
              {names[id] ?? `${id} (checked when you save)`}
            </li>
          ))}
        </ul>
      )}
      <div className="approver-search">
        <label htmlFor={`${idPrefix}-approver-search`} className="visually-hidden">
          Find an approver by name
        </label>
        <input
          id={`${idPrefix}-approver-search`}
          type="search"
          placeholder="Find a person by name"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          data-testid={testId('approver-search')}
        />
        <button type="button" className="button" onClick={find} disabled={search.state.status === 'busy'} data-testid={testId('approver-find')}>
          {search.state.status === 'busy' ? 'Finding…' : 'Find'}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert" data-testid={testId('approver-search-error')}>
          {problem}
        </p>
      )}
      {people?.length === 0 && (
        <p className="muted" data-testid={testId('approver-no-match')}>
          Nobody in Jira matches “{query.trim()}”.
        </p>
      )}
      {people && people.length > 0 && (
        <ul className="approver-results" aria-label="People found">
          {people.map((person) => (
            <li key={person.accountId} data-testid={testId('approver-result')}>
              <span>{person.displayName}</span>{' '}
              <button type="button" className="button" disabled={ids.includes(person.accountId)} onClick={() => onAdd(person)} data-testid={testId('approver-add')}>
                {ids.includes(person.accountId) ? 'Added' : 'Add'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
