import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "#app/utils/body.server";
import { getT } from "#app/utils/i18n.server";
import { destroySession } from "#app/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  // Through the input boundary like every action; the sign-out form has no fields, so any is refused.
  const form = await readForm(request);
  if ([...form.keys()].length) throw new Response(getT(request).t("errors.brokenBody"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return redirect("/", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  return redirect("/");
}
