import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Re-runs the page's loaders every `ms` while `live` holds (background work under way: a valuation,
 * matching), so its results appear without a reload. Skips a beat while a revalidation is still
 * running or the tab is hidden.
 */
export function usePollWhile(live: boolean, ms = 1500) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [live, ms, revalidator]);
}
