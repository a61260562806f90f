import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "#app/i18n/index";
import { langCookie } from "#app/utils/i18n.server";
import { safeRedirect } from "#app/utils/redirect";

/** The language switch: remembers the choice in a cookie and returns to the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const to = url.searchParams.get("to");
  const back = safeRedirect(url.searchParams.get("redirectTo"));
  if (!isLocale(to)) return redirect(back);
  const target = new URL(back, url.origin);
  target.searchParams.delete("lang");
  return redirect(target.pathname + target.search, { headers: { "Set-Cookie": await langCookie.serialize(to) } });
}
