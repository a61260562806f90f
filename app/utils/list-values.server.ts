import { data } from "@remix-run/node";
import type { FormErrors } from "./forms.server";

/**
 * A form's error answer that also gives back every value of multi-valued fields (checkboxes),
 * which `parseForm` keeps only the last of. Keeps the original status.
 */
export function withListValues(res: { data: FormErrors; init?: ResponseInit | null }, form: FormData, names: string[]) {
  const lists = Object.fromEntries(names.map((n) => [n, form.getAll(n).map(String)]));
  return data<FormErrors>({ ...res.data, values: { ...res.data.values, ...lists } }, { status: res.init?.status ?? 400 });
}
