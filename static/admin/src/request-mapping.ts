/** Field ids by input, as the resolvers send them (an input may be absent). */
export type FieldsByInput = Readonly<Record<string, string | undefined>>;

/** A saved choice of request type and which of its fields feeds each input. */
export interface SavedMapping {
  requestTypeId: string;
  fields: FieldsByInput;
}

const present = (fields: FieldsByInput | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(fields ?? {}).filter((e): e is [string, string] => e[1] !== undefined));

/** The saved mapping when `requestTypeId` is the saved request type; for any other, the suggestion by field name. */
export function mappingFor(saved: SavedMapping | undefined, suggestions: Readonly<Record<string, FieldsByInput>>, requestTypeId: string): Record<string, string> {
  return present(saved && saved.requestTypeId === requestTypeId ? saved.fields : suggestions[requestTypeId]);
}

/** The suggested field per input for a request type (matched by field name). */
export function suggestionFor(suggestions: Readonly<Record<string, FieldsByInput>>, requestTypeId: string): Record<string, string> {
  return present(suggestions[requestTypeId]);
}

/** The mapping as saved: inputs left without a field are left out. */
export function mappedFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, fieldId]) => fieldId !== ''));
}
