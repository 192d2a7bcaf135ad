import { useState } from 'react';
import { mappingFor, suggestionFor, type FieldsByInput, type SavedMapping } from '../request-mapping';

/**
 * The request type a section reacts to and its field per input: starts from what is saved;
 * choosing another request type starts from the suggestions by field name. `onEdit` runs on
 * every change (a section clears its "saved" message).
 */
export function useRequestTypeChoice(saved: SavedMapping | undefined, suggestions: Readonly<Record<string, FieldsByInput>>, onEdit: () => void) {
  const [requestTypeId, setRequestTypeId] = useState(saved?.requestTypeId ?? '');
  const [fields, setFields] = useState(() => mappingFor(saved, suggestions, saved?.requestTypeId ?? ''));
  return {
    requestTypeId,
    fields,
    suggestion: suggestionFor(suggestions, requestTypeId),
    choose: (id: string) => {
      setRequestTypeId(id);
      setFields(mappingFor(saved, suggestions, id));
      onEdit();
    },
    setField: (input: string, fieldId: string) => {
      setFields((f) => ({ ...f, [input]: fieldId }));
      onEdit();
    },
  };
}
